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
    if (finished || scheduled) return;
    scheduled = true;
    // Coalesce bursts of change notifications into one read pass.
    queueMicrotask(() => {
      scheduled = false;
      try {
        while (!finished) {
          if (framer.congested) return waitDrain(pump);
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
 * findClosest: the file and offset where a logs request starts. origin=end walks back
 * through older files by `offset` bytes; origin=start skips `offset` bytes forward.
 */
export function findStart(
  files: readonly LogFileMeta[],
  origin: 'start' | 'end',
  requested: number,
): { pos: number; offset: number } {
  let pos = origin === 'end' ? files.length - 1 : 0;
  let offset = origin === 'end' ? -requested : requested;
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

/** `logs`: from the start point across rotations; without follow, up to the last file existing now. */
export function followLogs(
  stream: LogStream,
  origin: 'start' | 'end',
  requested: number,
  follow: boolean,
  framer: StreamFramer,
  signal: AbortSignal,
  waitDrain: (fn: () => void) => void,
): Promise<void> {
  return loop(signal, framer, waitDrain, (pump) => {
    const files = stream.list();
    const start = findStart(files, origin, requested);
    let index = files[start.pos]!.index;
    let offset = start.offset;
    const lastAtStart = files[files.length - 1]!.index;
    let event = '';
    const path = (i: number): string => `alloc/logs/${stream.fileName(i)}`;
    const unsubscribe = stream.subscribe((ev) => {
      if (ev.index === index && ev.kind === 'truncate') {
        offset = 0;
        event = TRUNCATED;
      } else if (ev.index === index && ev.kind === 'delete') {
        framer.send(path(index), DELETED, Buffer.alloc(0), offset);
      }
      pump();
    });
    return {
      cleanup: unsubscribe,
      step() {
        const meta = stream.get(index);
        if (meta) {
          const data = stream.read(index, offset, FRAME_SIZE);
          if (data.length > 0 || event !== '') {
            offset += data.length;
            framer.send(path(index), event, data, offset);
            event = '';
            if (data.length > 0) return 'more';
          }
        }
        // At the end of this file: move on to the next one if it exists.
        const next = stream.list().find((f) => f.index > index);
        if (next && (follow || next.index <= lastAtStart)) {
          index = next.index;
          offset = 0;
          return 'more';
        }
        return follow ? 'wait' : 'done';
      },
    };
  }).done;
}
