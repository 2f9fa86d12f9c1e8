/**
 * The read loops behind `stream` and `logs` (client/fs_endpoint.go streamFile and
 * logsImpl): read from an offset in frame-sized pieces while the socket keeps up, then,
 * when following, wait for the file to grow, be truncated (`file truncated`, back to 0)
 * or be deleted (`file deleted`). Logs walk rotated files `<task>.<type>.<n>` in order.
 */
import { fileSize, type LogFileMeta, type LogStream } from '../logs/log-stream.ts';
import type { AllocFs } from './alloc-fs.ts';
import { FRAME_SIZE, type StreamFramer } from './framer.ts';

const TRUNCATED = 'file truncated';
const DELETED = 'file deleted';

interface Loop {
  done: Promise<void>;
}

function loop(
  signal: AbortSignal,
  framer: StreamFramer,
  waitDrain: (fn: () => void) => void,
  setup: (
    pump: () => void,
    finish: (trailer?: string) => void,
  ) => { step: () => 'more' | 'wait' | 'done'; cleanup: () => void },
): Loop {
  let finished = false;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  let scheduled = false;
  /** One drain listener at a time, however many changes arrive while the socket is full. */
  let draining = false;
  const resume = (): void => {
    draining = false;
    pump();
  };
  const finish = (trailer?: string): void => {
    if (finished) return;
    finished = true;
    handlers.cleanup();
    signal.removeEventListener('abort', onAbort);
    framer.close(trailer);
    resolveDone();
  };
  const onAbort = (): void => finish();
  const pump = (): void => {
    if (finished || scheduled || draining) return;
    scheduled = true;
    // Coalesce bursts of change notifications into one read pass.
    queueMicrotask(() => {
      scheduled = false;
      try {
        while (!finished) {
          if (framer.congested) {
            draining = true;
            return waitDrain(resume);
          }
          const r = handlers.step();
          if (r === 'done') return finish();
          if (r === 'wait') return;
        }
      } catch (err) {
        // Like Nomad, an error after the headers went out is appended to the body.
        finish(err instanceof Error ? err.message : String(err));
      }
    });
  };
  const handlers = setup(pump, finish);
  if (signal.aborted) finish();
  else signal.addEventListener('abort', onAbort);
  pump();
  return { done };
}

/** `stream`: one file from `offset`, following when asked. */
export function followFile(
  fs: AllocFs,
  path: string,
  startOffset: number,
  follow: boolean,
  framer: StreamFramer,
  signal: AbortSignal,
  waitDrain: (fn: () => void) => void,
): Promise<void> {
  return loop(signal, framer, waitDrain, (pump, finish) => {
    let offset = startOffset;
    let event = '';
    const unwatch = fs.watch(path, (change) => {
      if (change === 'truncate') {
        offset = 0;
        event = TRUNCATED;
        pump();
      } else if (change === 'delete') {
        framer.send(path, DELETED, Buffer.alloc(0), offset);
        finish();
      } else {
        pump();
      }
    });
    return {
      cleanup: unwatch,
      step() {
        const data = fs.read(path, offset, FRAME_SIZE);
        if (data.length > 0 || event !== '') {
          offset += data.length;
          framer.send(path, event, data, offset);
          event = '';
          if (data.length > 0) return 'more';
        }
        return follow ? 'wait' : 'done';
      },
    };
  }).done;
}

/**
 * findClosest: the file to read and the offset in it. The file is the first whose index is
 * at least `desiredIdx` (the last one if none is); a negative offset walks back through
 * older files, a positive one skips forward through newer ones.
 */
export function findClosest(
  files: readonly LogFileMeta[],
  desiredIdx: number,
  desiredOffset: number,
): { pos: number; offset: number } {
  let pos = files.findIndex((f) => f.index >= desiredIdx);
  if (pos === -1) pos = files.length - 1;
  let offset = desiredOffset;
  for (;;) {
    const size = fileSize(files[pos]!);
    if (offset === 0) break;
    if (offset < 0) {
      if (size + offset >= 0) {
        offset = size + offset;
        break;
      }
      if (pos === 0) {
        offset = 0;
        break;
      }
      offset += size;
      pos--;
    } else {
      if (offset <= size) break;
      if (pos === files.length - 1) {
        offset = size;
        break;
      }
      offset -= size;
      pos++;
    }
  }
  return { pos, offset };
}

/** Where a logs request starts: origin=end walks back `offset` bytes, origin=start skips forward. */
export function findStart(
  files: readonly LogFileMeta[],
  origin: 'start' | 'end',
  requested: number,
): { pos: number; offset: number } {
  return origin === 'end' ? findClosest(files, Infinity, -requested) : findClosest(files, 0, requested);
}

interface OpenLog {
  /** Held like an open descriptor: readable to its end even after it is rotated away. */
  meta: LogFileMeta;
  offset: number;
  event: string;
  /** Without follow, the last file: stop at its end. */
  exitAfter: boolean;
  /** A newer file exists: read once more to the end, then move on (blockUntilNextLog). */
  leaving: boolean;
  deleted: boolean;
}

/**
 * `logs` (client/fs_endpoint.go logsImpl): list the files, open the closest one, stream it to
 * its end, then move on to the next index that exists. A file deleted while open is still
 * read to its end (Linux keeps the inode); at the end, a deleted file with no newer one is
 * reported with `file deleted` and the loop lists the files again, which picks the newest
 * remaining one (an older file, read again from 0, as Nomad does). Files rotated away before
 * they were opened are skipped silently: the next frame simply names a later file.
 */
export function followLogs(
  stream: LogStream,
  origin: 'start' | 'end',
  requested: number,
  follow: boolean,
  framer: StreamFramer,
  signal: AbortSignal,
  waitDrain: (fn: () => void) => void,
): Promise<void> {
  return loop(signal, framer, waitDrain, (pump, finish) => {
    let nextIdx = origin === 'end' ? Infinity : 0;
    let desiredOffset = origin === 'end' ? -requested : requested;
    let open: OpenLog | undefined;
    const path = (i: number): string => `alloc/logs/${stream.fileName(i)}`;
    const unsubscribe = stream.subscribe((ev) => {
      if (open && ev.index === open.meta.index) {
        if (ev.kind === 'truncate') {
          open.offset = 0;
          open.event = TRUNCATED;
        } else if (ev.kind === 'delete') open.deleted = true;
      }
      pump();
    });
    const openClosest = (): boolean => {
      const files = stream.list();
      if (files.length === 0) {
        const { task, type } = stream.spec;
        finish(`log entry for task ${JSON.stringify(task)} and log type ${JSON.stringify(type)} not found`);
        return false;
      }
      const at = findClosest(files, nextIdx, desiredOffset);
      const meta = files[at.pos]!;
      const maxIndex = files[files.length - 1]!.index;
      open = {
        meta,
        offset: at.offset,
        event: '',
        exitAfter: !follow && meta.index === maxIndex,
        leaving: false,
        deleted: false,
      };
      return true;
    };
    const moveOn = (): void => {
      nextIdx = open!.meta.index + 1;
      desiredOffset = 0;
      open = undefined;
    };
    return {
      cleanup: unsubscribe,
      step() {
        if (!open && !openClosest()) return 'done';
        const o = open!;
        const data = stream.readFile(o.meta, o.offset, FRAME_SIZE);
        if (data.length > 0 || o.event !== '') {
          o.offset += data.length;
          framer.send(path(o.meta.index), o.event, data, o.offset);
          o.event = '';
          if (data.length > 0) return 'more';
        }
        // At the end of the open file.
        if (o.exitAfter) return 'done';
        if (o.leaving) {
          moveOn();
          return 'more';
        }
        if (stream.list().some((f) => f.index > o.meta.index)) {
          // Nomad reads one more time after the next file appears, so nothing written
          // just before the rotation is dropped.
          o.leaving = true;
          return 'more';
        }
        if (o.deleted) {
          framer.send(path(o.meta.index), DELETED, Buffer.alloc(0), o.offset);
          moveOn();
          return 'more';
        }
        return 'wait';
      },
    };
  }).done;
}
