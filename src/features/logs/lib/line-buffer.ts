/**
 * The log page's line store: bytes → lines per source (incremental UTF-8, so a character
 * split across frames decodes whole), kept in a bounded buffer that drops the oldest lines
 * and counts them. Lines carry a sequence number that stays contiguous within the buffer,
 * so views can refer to lines by `seq` while the front is trimmed or older lines prepended.
 */

export type LogSource = 'stdout' | 'stderr';

export interface LogLine {
  seq: number;
  text: string;
  source: LogSource;
  /** Arrival time in ms since epoch (Nomad logs carry no timestamps). */
  at: number;
  /** A line the viewer inserted (truncation, deletion, gap), not log output. */
  marker?: boolean;
}

export const DEFAULT_LINE_CAPACITY = 200_000;

/** Splits a byte stream into lines; one per source. Keeps the unfinished last line. */
export class LineSplitter {
  private decoder = new TextDecoder('utf-8');
  private partial = '';

  push(bytes: Uint8Array): string[] {
    const text = this.partial + this.decoder.decode(bytes, { stream: true });
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  }

  /** The unfinished last line so far (shown live, not yet stored). */
  get pending(): string {
    return this.partial;
  }

  /** Forgets the unfinished line and any half character (after a truncation). */
  reset(): void {
    this.decoder = new TextDecoder('utf-8');
    this.partial = '';
  }
}

export class LineBuffer {
  private lines: LogLine[] = [];
  private head = 0;
  private nextSeq = 1;
  private cap: number;
  /** Lines dropped off the front to stay within capacity. */
  dropped = 0;
  /** Lines ever appended at the end (for "N new lines" counts). */
  appended = 0;
  /** The lowest seq ever held: line numbers count from it, so they stay put as the front drops. */
  originSeq = 1;

  constructor(capacity = DEFAULT_LINE_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer`);
    this.cap = capacity;
  }

  get capacity(): number {
    return this.cap;
  }

  get size(): number {
    return this.lines.length - this.head;
  }

  get(i: number): LogLine | undefined {
    if (i < 0 || i >= this.size) return undefined;
    return this.lines[this.head + i];
  }

  get firstSeq(): number {
    return this.get(0)?.seq ?? this.nextSeq;
  }

  /** Position of a line in the buffer, or -1 when it is not (or no longer) there. */
  indexOfSeq(seq: number): number {
    const i = seq - this.firstSeq;
    return i >= 0 && i < this.size ? i : -1;
  }

  bySeq(seq: number): LogLine | undefined {
    return this.get(this.indexOfSeq(seq));
  }

  append(text: string, source: LogSource, at: number, marker = false): LogLine {
    const line: LogLine = { seq: this.nextSeq++, text, source, at };
    if (marker) line.marker = true;
    this.lines.push(line);
    this.appended++;
    if (this.size > this.cap) this.trimFront(this.size - this.cap);
    return line;
  }

  /**
   * Adds older lines before the first one. Only what fits under the capacity is kept (the
   * newest of them); returns how many were added.
   */
  prepend(texts: readonly string[], source: LogSource, at: number): number {
    const room = Math.max(0, this.cap - this.size);
    const kept = texts.slice(Math.max(0, texts.length - room));
    let seq = this.firstSeq - kept.length;
    const older = kept.map((text) => ({ seq: seq++, text, source, at }));
    this.originSeq = Math.min(this.originSeq, this.firstSeq - kept.length);
    this.lines = [...older, ...this.lines.slice(this.head)];
    this.head = 0;
    return kept.length;
  }

  setCapacity(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer`);
    this.cap = capacity;
    if (this.size > capacity) this.trimFront(this.size - capacity);
  }

  private trimFront(n: number): void {
    this.head += n;
    this.dropped += n;
    // Compact now and then so the array does not grow without bound.
    if (this.head > 4096 && this.head > this.lines.length / 2) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
  }
}
