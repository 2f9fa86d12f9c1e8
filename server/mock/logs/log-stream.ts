/**
 * One task's stdout or stderr as Nomad's logmon leaves it on disk: numbered files
 * `alloc/logs/<task>.<type>.<n>`, rotated when the next record would push the current
 * file past `rotateBytes`, the oldest deleted beyond `maxFiles`.
 *
 * Contents are never stored: a file is a run of consecutive record indexes plus the
 * cumulative end offset of each record, and bytes are regenerated from `logRecord` when
 * read (records are pure functions of their index). Memory per file is one number per
 * record, bounded by `maxFiles`.
 */
import { logRecord, recordTime, type RecordStreamSpec } from './records.ts';

export interface LogFileMeta {
  /** The `<n>` in `<task>.<type>.<n>`. */
  readonly index: number;
  /** Record index of the file's first byte. */
  firstRecord: number;
  /** Cumulative end offset of each record in the file. */
  ends: number[];
  modTimeMs: number;
  /**
   * A rotated file whose bytes are computed from the offset (the huge-log history): size
   * and content come from here and `ends` stays empty.
   */
  fixed?: { size: number; read(offset: number, length: number): Buffer };
}

export type LogStreamEvent =
  | { kind: 'append'; index: number }
  | { kind: 'rotate'; index: number }
  | { kind: 'truncate'; index: number }
  | { kind: 'delete'; index: number };

export interface LogStreamOptions {
  rotateBytes: number;
  maxFiles: number;
  now: () => number;
  /** Record `k`'s text instead of the generated one (the hostile corpus); must be pure in `k`. */
  text?: (k: number) => string;
}

const CACHE_ENTRIES = 2048;
const CACHE_BYTES = 4 * 1024 * 1024;

export function fileSize(meta: LogFileMeta): number {
  if (meta.fixed) return meta.fixed.size;
  return meta.ends.length === 0 ? 0 : meta.ends[meta.ends.length - 1]!;
}

export class LogStream {
  private readonly files: LogFileMeta[] = [];
  private nextRecordIndex = 0;
  private readonly listeners = new Set<(ev: LogStreamEvent) => void>();
  private readonly cache = new Map<number, Buffer>();
  private cacheBytes = 0;
  private readonly streamSeed: number;

  constructor(
    readonly spec: RecordStreamSpec,
    streamSeed: number,
    private readonly opts: LogStreamOptions,
  ) {
    this.streamSeed = streamSeed;
    this.maxFiles = opts.maxFiles;
    this.files.push({ index: 0, firstRecord: 0, ends: [], modTimeMs: spec.startMs });
  }

  get name(): string {
    return `${this.spec.task}.${this.spec.type}`;
  }

  fileName(index: number): string {
    return `${this.name}.${index}`;
  }

  /** Existing files, oldest first. */
  list(): readonly LogFileMeta[] {
    return this.files;
  }

  get(index: number): LogFileMeta | undefined {
    return this.files.find((f) => f.index === index);
  }

  /** Total records written so far (the next record's index). */
  get recordCount(): number {
    return this.nextRecordIndex;
  }

  subscribe(fn: (ev: LogStreamEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(ev: LogStreamEvent): void {
    for (const fn of [...this.listeners]) fn(ev);
  }

  private record(k: number): Buffer {
    let buf = this.cache.get(k);
    if (buf) return buf;
    buf = Buffer.from(this.opts.text?.(k) ?? logRecord(this.spec, this.streamSeed, k), 'utf8');
    while (this.cache.size > 0 && (this.cache.size >= CACHE_ENTRIES || this.cacheBytes + buf.length > CACHE_BYTES)) {
      const [oldest, old] = this.cache.entries().next().value!;
      this.cache.delete(oldest);
      this.cacheBytes -= old.length;
    }
    this.cache.set(k, buf);
    this.cacheBytes += buf.length;
    return buf;
  }

  /** Set when the live file was deleted: the next write opens the file after it. */
  private liveDeleted: number | undefined;

  private active(): LogFileMeta | undefined {
    const last = this.files[this.files.length - 1];
    return this.liveDeleted === undefined && !last?.fixed ? last : undefined;
  }

  private maxFiles: number;

  /**
   * Rotates in `count` finished files of `bytesEach` whose content `read(n, offset, length)`
   * computes (a history far larger than memory), then continues writing in the file after
   * them. The file limit grows so the history is kept.
   */
  appendFixed(
    count: number,
    bytesEach: number,
    read: (nth: number, offset: number, length: number) => Buffer,
    atMs = this.opts.now(),
  ): void {
    this.maxFiles = Math.max(this.maxFiles, this.files.length + count + 1);
    const last = this.files[this.files.length - 1];
    let index = this.liveDeleted ?? last?.index ?? -1;
    if (last && !last.fixed && last.ends.length === 0 && this.liveDeleted === undefined) {
      // An empty live file takes the first place, as if rotation had just happened.
      this.files.pop();
      index = last.index - 1;
    }
    for (let nth = 0; nth < count; nth++) {
      const meta: LogFileMeta = {
        index: ++index,
        firstRecord: this.nextRecordIndex,
        ends: [],
        modTimeMs: atMs,
        fixed: { size: bytesEach, read: (offset, length) => read(nth, offset, length) },
      };
      this.files.push(meta);
      this.emit({ kind: 'rotate', index: meta.index });
    }
    this.liveDeleted = undefined;
    this.openNext(index, atMs);
  }

  private openNext(afterIndex: number, atMs: number): LogFileMeta {
    this.liveDeleted = undefined;
    const meta: LogFileMeta = { index: afterIndex + 1, firstRecord: this.nextRecordIndex, ends: [], modTimeMs: atMs };
    this.files.push(meta);
    this.emit({ kind: 'rotate', index: meta.index });
    while (this.files.length > this.maxFiles) {
      const old = this.files.shift()!;
      this.emit({ kind: 'delete', index: old.index });
    }
    return meta;
  }

  /** Writes `n` more records, rotating as needed; `atMs` stamps the files' ModTime. */
  append(n: number, atMs = this.opts.now()): void {
    if (n <= 0) return;
    let meta = this.active() ?? this.openNext(this.liveDeleted ?? this.files.at(-1)?.index ?? -1, atMs);
    const touched = new Set<number>();
    for (let i = 0; i < n; i++) {
      const len = this.record(this.nextRecordIndex).length;
      const size = fileSize(meta);
      if (size > 0 && size + len > this.opts.rotateBytes) {
        // A backfilled file was last written when its last record was.
        meta.modTimeMs = Math.min(atMs, recordTime(this.spec, this.nextRecordIndex - 1));
        if (touched.delete(meta.index)) this.emit({ kind: 'append', index: meta.index });
        meta = this.openNext(meta.index, atMs);
      }
      if (meta.ends.length === 0) meta.firstRecord = this.nextRecordIndex;
      meta.ends.push(fileSize(meta) + len);
      this.nextRecordIndex++;
      touched.add(meta.index);
    }
    meta.modTimeMs = atMs;
    for (const index of touched) this.emit({ kind: 'append', index });
  }

  /** Empties a file in place; the writer keeps appending to it if it is the live one. */
  truncate(index: number, atMs = this.opts.now()): boolean {
    const meta = this.get(index);
    if (!meta) return false;
    meta.ends = [];
    delete meta.fixed;
    meta.firstRecord = this.nextRecordIndex;
    meta.modTimeMs = atMs;
    this.emit({ kind: 'truncate', index });
    return true;
  }

  /** Removes a file; if it was the live one, the next write opens `<n+1>`. */
  delete(index: number): boolean {
    const at = this.files.findIndex((f) => f.index === index);
    if (at === -1) return false;
    if (at === this.files.length - 1 && this.liveDeleted === undefined) this.liveDeleted = index;
    this.files.splice(at, 1);
    this.emit({ kind: 'delete', index });
    return true;
  }

  /**
   * Everything the task wrote as records [from, to), whatever rotation, truncation or
   * deletion did to the files since: what a reader that lost nothing has received.
   */
  written(from: number, to = this.nextRecordIndex): Buffer {
    const parts: Buffer[] = [];
    for (let k = Math.max(0, from); k < Math.min(to, this.nextRecordIndex); k++) parts.push(this.record(k));
    return Buffer.concat(parts);
  }

  /** Bytes [offset, offset+length) of file `index`, clamped to its size. */
  read(index: number, offset: number, length: number): Buffer {
    const meta = this.get(index);
    return meta ? this.readFile(meta, offset, length) : Buffer.alloc(0);
  }

  /**
   * Like `read`, from a file object a reader already holds: as with an open descriptor on
   * Linux, a reader keeps reading a file after it was deleted (rotated away), and sees a
   * truncation (the object is emptied in place).
   */
  readFile(meta: LogFileMeta, offset: number, length: number): Buffer {
    if (meta.fixed) {
      const end = Math.min(meta.fixed.size, offset + length);
      return offset >= end ? Buffer.alloc(0) : meta.fixed.read(offset, end - offset);
    }
    const size = fileSize(meta);
    const end = Math.min(size, offset + length);
    if (offset >= end) return Buffer.alloc(0);
    const ends = meta.ends;
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid]! > offset) hi = mid;
      else lo = mid + 1;
    }
    const startOfFirst = lo === 0 ? 0 : ends[lo - 1]!;
    const parts: Buffer[] = [];
    for (let i = lo; i < ends.length; i++) {
      parts.push(this.record(meta.firstRecord + i));
      if (ends[i]! >= end) break;
    }
    return Buffer.concat(parts).subarray(offset - startOfFirst, end - startOfFirst);
  }
}
