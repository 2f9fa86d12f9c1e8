/**
 * A live log view's data side, outside React: one FileStream per source (stdout, stderr or
 * both merged in arrival order), bytes → lines into one bounded LineBuffer, the search or
 * filter index kept up to date as lines arrive, and "Load older" reading earlier bytes
 * across rotated files. The hook wraps it and commits at most once per animation frame.
 */
import { apiFetch, apiPath, apiStream } from '@/lib/nomad/http.ts';
import {
  FileStream,
  type FileStreamCloseReason,
  type FileStreamState,
  type StreamCursor,
} from '@/lib/nomad/file-stream.ts';
import { DEFAULT_LINE_CAPACITY, LineBuffer, LineSplitter, type LogLine, type LogSource } from './line-buffer.ts';
import { MatchIndex, type CompiledMatcher } from './line-matcher.ts';
import { isTransientError } from '@/lib/nomad/retry-policy.ts';
import { fromAbsolute, LOG_DIR, logFilesFor, toAbsolute, type DirEntry, type LogFile } from './log-files.ts';

/** Bytes read when the page opens at the tail, and per "Load older". */
export const TAIL_BYTES = 64 * 1024;
export const OLDER_BYTES = 256 * 1024;

/** Longest stretch of search matching before yielding to the event loop. */
const SLICE_MS = 12;

/**
 * Runs `fn` after pending events (input, rendering) got their turn. A MessageChannel task,
 * unlike a nested setTimeout(0), is not clamped to 4 ms.
 */
function yieldToEventLoop(fn: () => void): void {
  if (typeof MessageChannel === 'undefined') {
    setTimeout(fn, 0);
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    fn();
  };
  channel.port2.postMessage(null);
}

export type LogStart = { kind: 'tail' } | { kind: 'offset'; offset: number };

export interface SourceStatus {
  state: FileStreamState;
  reason?: FileStreamCloseReason | undefined;
  error?: unknown;
}

export interface LogSessionOptions {
  allocId: string;
  task: string;
  sources: readonly LogSource[];
  namespace?: string | undefined;
  region?: string | undefined;
  start: LogStart;
  capacity?: number;
  onChange(): void;
  heartbeatMs?: number;
}

interface SourceState {
  splitter: LineSplitter;
  stream: FileStream;
  status: SourceStatus;
  /** Where the first loaded byte sits (always a line start); undefined before any data. */
  first: StreamCursor | undefined;
  /** Skip bytes up to the first newline: the stream started mid-line. */
  skipPartial: boolean;
}

export class LogSession {
  readonly buffer: LineBuffer;
  private readonly opts: LogSessionOptions;
  private readonly sources = new Map<LogSource, SourceState>();
  private index: MatchIndex | null = null;
  private building: { index: MatchIndex; next: number; run: number } | null = null;
  private buildRun = 0;
  private closed = false;
  private matcher: CompiledMatcher | null = null;
  private context = 0;
  /** The oldest loaded byte is the first byte of the log. */
  atBeginning = false;

  constructor(opts: LogSessionOptions) {
    this.opts = opts;
    this.buffer = new LineBuffer(opts.capacity ?? DEFAULT_LINE_CAPACITY);
  }

  private get logsPath(): string {
    return apiPath`/v1/client/fs/logs/${this.opts.allocId}`;
  }

  start(): void {
    const { start } = this.opts;
    for (const source of this.opts.sources) {
      const initialQuery =
        start.kind === 'tail'
          ? { task: this.opts.task, type: source, follow: true, origin: 'end', offset: TAIL_BYTES }
          : { task: this.opts.task, type: source, follow: true, origin: 'start', offset: start.offset };
      const state: SourceState = {
        splitter: new LineSplitter(),
        status: { state: 'connecting' },
        first: undefined,
        skipPartial: start.kind === 'tail',
        stream: new FileStream({
          path: this.logsPath,
          namespace: this.opts.namespace,
          region: this.opts.region,
          follow: true,
          heartbeatMs: this.opts.heartbeatMs,
          initialQuery,
          resumeQuery: (cursor) => this.resumeQuery(source, cursor),
          onData: ({ bytes, file, start: at }) => this.onData(source, bytes, file, at),
          onTruncated: () => {
            state.splitter.reset();
            this.marker(source, `— ${source} was truncated; continuing from its new start —`);
          },
          endOnDelete: false,
          rotationIndex,
          onDeleted: (file) =>
            this.marker(source, `— ${fileLabel(file, source)} was deleted; following the next file —`),
          onSkipped: ({ files, lastFileSize }) =>
            this.marker(
              source,
              `— ≈${formatSkipped(files * lastFileSize)} skipped (${files} ${files === 1 ? 'file' : 'files'} rotated away before they were read) —`,
            ),
          onText: (text) => this.marker(source, `— Nomad: ${text} —`),
          onState: (s, info) => {
            state.status = { state: s, reason: info.reason, error: info.error };
            this.opts.onChange();
          },
        }),
      };
      this.sources.set(source, state);
    }
    for (const s of this.sources.values()) s.stream.start();
  }

  close(): void {
    this.closed = true;
    for (const s of this.sources.values()) s.stream.close();
  }

  reconnect(): void {
    for (const s of this.sources.values()) s.stream.reconnectNow();
  }

  status(source: LogSource): SourceStatus | undefined {
    return this.sources.get(source)?.status;
  }

  /** Unfinished last lines, shown after the buffer. */
  pending(): { source: LogSource; text: string }[] {
    const out: { source: LogSource; text: string }[] = [];
    for (const [source, s] of this.sources)
      if (s.splitter.pending !== '') out.push({ source, text: s.splitter.pending });
    return out;
  }

  get matchIndex(): MatchIndex | null {
    return this.index;
  }

  /** Sets (or clears) the search/filter; rebuilds the index over the buffered lines. */
  setMatcher(matcher: CompiledMatcher | null, context: number): void {
    this.matcher = matcher;
    this.context = context;
    this.rebuildIndex();
    this.opts.onChange();
  }

  /** True while a new search/filter is still being matched against the buffered lines. */
  get indexing(): boolean {
    return this.building !== null;
  }

  /**
   * Matching 200,000 lines takes longer than a frame: the index is built in slices of
   * SLICE_MS, yielding to the event loop between them (lines arriving meanwhile are reached
   * by the same walk), so typing stays responsive and the result is still exact. The
   * index is visible (and grows) while it is built; `indexing` says it is not complete.
   */
  private rebuildIndex(): void {
    this.buildRun++;
    if (!this.matcher) {
      this.index = null;
      this.building = null;
      return;
    }
    this.index = new MatchIndex(this.matcher, this.context);
    this.building = { index: this.index, next: this.buffer.firstSeq, run: this.buildRun };
    this.continueBuild(this.buildRun);
  }

  private continueBuild(run: number): void {
    const b = this.building;
    if (!b || b.run !== run || this.closed) return;
    const deadline = performance.now() + SLICE_MS;
    const bySeq = (seq: number) => this.buffer.bySeq(seq);
    for (let n = 1; ; n++) {
      b.next = Math.max(b.next, this.buffer.firstSeq);
      const line = this.buffer.bySeq(b.next);
      if (!line) {
        this.building = null;
        return;
      }
      b.index.add(line, bySeq);
      b.next++;
      if ((n & 127) === 0 && performance.now() > deadline) break;
    }
    this.opts.onChange();
    yieldToEventLoop(() => {
      this.continueBuild(run);
      if (this.building === null && this.buildRun === run) this.opts.onChange();
    });
  }

  setCapacity(capacity: number): void {
    this.buffer.setCapacity(capacity);
    this.index?.dropBefore(this.buffer.firstSeq);
    this.atBeginning = this.atBeginning && this.buffer.dropped === 0;
    this.opts.onChange();
  }

  private push(line: LogLine): void {
    const dropped = this.buffer.dropped;
    // While the index is being built, its walk reaches this line in turn.
    if (!this.building) this.index?.add(line, (s) => this.buffer.bySeq(s));
    if (this.buffer.dropped !== dropped) {
      this.index?.dropBefore(this.buffer.firstSeq);
      this.atBeginning = false;
    }
  }

  private marker(source: LogSource, text: string): void {
    this.push(this.buffer.append(text, source, Date.now(), true));
    this.opts.onChange();
  }

  private onData(source: LogSource, bytes: Uint8Array, file: string | undefined, at: number): void {
    const s = this.sources.get(source);
    if (!s) return;
    let data = bytes;
    let start = at;
    if (s.skipPartial) {
      if (start === 0 && this.isOldest(file)) s.skipPartial = false;
      else {
        const nl = data.indexOf(10);
        if (nl === -1) return;
        data = data.subarray(nl + 1);
        start += nl + 1;
        s.skipPartial = false;
      }
    }
    if (!s.first) {
      s.first = { file, offset: start };
      if (start === 0 && this.isOldest(file) && this.opts.sources.length === 1) this.atBeginning = true;
    }
    const now = Date.now();
    for (const text of s.splitter.push(data)) this.push(this.buffer.append(text, source, now));
    this.opts.onChange();
  }

  /** A `.0` file is the first Nomad ever wrote; later files may have had older ones rotated away. */
  private isOldest(file: string | undefined): boolean {
    return file !== undefined && /\.0$/.test(file);
  }

  private async listLogFiles(source: LogSource): Promise<LogFile[]> {
    const { data } = await apiFetch<DirEntry[] | null>(apiPath`/v1/client/fs/ls/${this.opts.allocId}`, {
      query: { path: LOG_DIR },
      namespace: this.opts.namespace,
      region: this.opts.region,
    });
    return logFilesFor(data ?? [], this.opts.task, source);
  }

  private async resumeQuery(source: LogSource, cursor: StreamCursor) {
    const base = { task: this.opts.task, type: source, follow: true };
    let files: LogFile[];
    try {
      files = await this.listLogFiles(source);
    } catch (err) {
      // A network failure or 5xx: let the stream retry later. Anything else (a 403 without
      // read-fs) means the rotated files cannot be sized: continue at the tail and say so.
      if (isTransientError(err)) throw err;
      this.marker(source, `— reconnected at the end of ${source}; lines written while disconnected may be missing —`);
      return { ...base, origin: 'end', offset: 0 };
    }
    const name = cursor.file?.slice(cursor.file.lastIndexOf('/') + 1);
    const same = files.find((f) => f.name === name);
    if (cursor.file !== undefined && same && same.size < cursor.offset) {
      // Shorter than what we read: truncated while we were away. Read it again from its new start.
      const state = this.sources.get(source);
      state?.splitter.reset();
      state?.stream.rewindTo(cursor.file);
      this.marker(source, `— ${source} was truncated; continuing from its new start —`);
      return { ...base, origin: 'start', offset: toAbsolute(files, cursor.file, 0)! };
    }
    const abs = cursor.file === undefined ? undefined : toAbsolute(files, cursor.file, cursor.offset);
    if (abs === undefined) {
      this.marker(source, `— the file being read was rotated away while disconnected; continuing from the oldest —`);
      return { ...base, origin: 'start', offset: 0 };
    }
    return { ...base, origin: 'start', offset: abs };
  }

  /**
   * Reads the bytes before the oldest loaded line (one source only) and prepends them as
   * lines. Returns the number of lines added.
   */
  async loadOlder(signal?: AbortSignal): Promise<number> {
    const [source, s] = [...this.sources.entries()][0] ?? [];
    if (!source || !s || this.sources.size !== 1) throw new Error('Load older works on one stream at a time');
    if (!s.first || s.first.file === undefined) return 0;
    const files = await this.listLogFiles(source);
    const end = toAbsolute(files, s.first.file, s.first.offset);
    if (end === undefined) throw new Error('The oldest loaded lines came from a file that has since been rotated away');
    if (end === 0) {
      this.atBeginning = true;
      this.opts.onChange();
      return 0;
    }
    const from = Math.max(0, end - OLDER_BYTES);
    const bytes = await readLogRange(this.logsPath, {
      task: this.opts.task,
      type: source,
      from,
      length: end - from,
      namespace: this.opts.namespace,
      region: this.opts.region,
      signal,
    });
    let data = bytes;
    let newStart = from;
    if (from > 0) {
      const nl = data.indexOf(10);
      if (nl !== -1) {
        data = data.subarray(nl + 1);
        newStart = from + nl + 1;
      }
    }
    const texts = new TextDecoder('utf-8').decode(data).split('\n');
    if (texts.at(-1) === '') texts.pop();
    const added = this.buffer.prepend(texts, source, Date.now());
    if (added < texts.length) {
      // Capacity reached: the first kept line is not the first read; recompute where it starts.
      const skipped = texts.slice(0, texts.length - added).join('\n') + '\n';
      newStart += new TextEncoder().encode(skipped).length;
    }
    const at = fromAbsolute(files, newStart);
    if (at) s.first = { file: `${LOG_DIR}/${at.name}`, offset: at.offset };
    this.atBeginning = newStart === 0;
    this.rebuildIndex();
    this.opts.onChange();
    return added;
  }

  /** Absolute byte position of the oldest loaded line (for deep links); needs `ls`. */
  async firstLoadedOffset(): Promise<number | undefined> {
    const [source, s] = [...this.sources.entries()][0] ?? [];
    if (!source || !s?.first?.file) return undefined;
    return toAbsolute(await this.listLogFiles(source), s.first.file, s.first.offset);
  }
}

/** `<n>` of `alloc/logs/<task>.<type>.<n>`. */
function rotationIndex(file: string): number | undefined {
  const m = /\.(\d+)$/.exec(file);
  return m ? Number(m[1]) : undefined;
}

function fileLabel(file: string | undefined, source: LogSource): string {
  return file ? file.slice(file.lastIndexOf('/') + 1) : `the ${source} log file`;
}

/** Bytes as "N bytes" below 10 kB, else with a unit (the amount is an estimate anyway). */
function formatSkipped(bytes: number): string {
  if (bytes < 10_000) return `${bytes.toLocaleString('en')} bytes`;
  if (bytes < 10_000_000) return `${(bytes / 1000).toFixed(0)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Reads exactly `length` bytes of a task's log starting at absolute `from` (raw, plain=true). */
export async function readLogRange(
  path: string,
  req: {
    task: string;
    type: LogSource;
    from: number;
    length: number;
    namespace?: string | undefined;
    region?: string | undefined;
    signal?: AbortSignal | undefined;
  },
): Promise<Uint8Array> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  req.signal?.addEventListener('abort', onAbort);
  try {
    const res = await apiStream(path, {
      query: { task: req.task, type: req.type, origin: 'start', offset: req.from, plain: true, follow: false },
      namespace: req.namespace,
      region: req.region,
      signal: controller.signal,
    });
    const out = new Uint8Array(req.length);
    let n = 0;
    const reader = res.body!.getReader();
    while (n < req.length) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.length, req.length - n);
      out.set(value.subarray(0, take), n);
      n += take;
    }
    controller.abort(); // the rest is already on screen
    return out.subarray(0, n);
  } finally {
    req.signal?.removeEventListener('abort', onAbort);
  }
}
