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

/**
 * Splits a byte stream into lines; one per source. Keeps the unfinished last line.
 *
 * Lines are cut on the bytes. Runs of ASCII lines are decoded together and split (one
 * decoder call per run, fast), and a line with any non-ASCII byte is decoded on its own.
 * So an ASCII line is always a one-byte string: decoding a whole frame that also carries
 * CJK or emoji would make every line of it a slice of one two-byte string, twice the
 * memory, and keep that whole string alive. A character split across frames decodes once
 * its line is complete.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  /** Bytes of the unfinished line, in arrival order. */
  private rest: Uint8Array[] = [];
  private restLength = 0;
  private pendingText: string | null = '';

  push(bytes: Uint8Array): string[] {
    const out: string[] = [];
    let i = 0;
    if (this.restLength > 0) {
      const nl = bytes.indexOf(10);
      if (nl === -1) {
        this.keep(bytes, 0);
        return out;
      }
      out.push(this.decodeLine(this.takeRest(bytes.subarray(0, nl))));
      i = nl + 1;
    }
    let lineStart = i;
    let runStart = i;
    let high = false;
    for (; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === 10) {
        if (high) {
          this.decodeRun(bytes, runStart, lineStart, out);
          out.push(this.decodeLine(bytes.subarray(lineStart, i)));
          runStart = i + 1;
          high = false;
        }
        lineStart = i + 1;
      } else if (b >= 0x80) high = true;
    }
    this.decodeRun(bytes, runStart, lineStart, out);
    if (lineStart < bytes.length) this.keep(bytes, lineStart);
    else this.pendingText = '';
    return out;
  }

  /** Complete ASCII lines bytes[from, to) (`to` just after a newline), in one decoder call. */
  private decodeRun(bytes: Uint8Array, from: number, to: number, out: string[]): void {
    if (to <= from) return;
    for (const line of this.decoder.decode(bytes.subarray(from, to - 1)).split('\n')) {
      out.push(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
  }

  private decodeLine(line: Uint8Array): string {
    const end = line.length > 0 && line[line.length - 1] === 13 ? line.length - 1 : line.length;
    return this.decoder.decode(line.subarray(0, end));
  }

  private keep(bytes: Uint8Array, from: number): void {
    // A copy: the frame's buffer is much larger than the partial line.
    this.rest.push(bytes.slice(from));
    this.restLength += bytes.length - from;
    this.pendingText = null;
  }

  private takeRest(tail: Uint8Array): Uint8Array {
    const all = new Uint8Array(this.restLength + tail.length);
    let at = 0;
    for (const part of this.rest) {
      all.set(part, at);
      at += part.length;
    }
    all.set(tail, at);
    this.rest = [];
    this.restLength = 0;
    return all;
  }

  /** The unfinished last line so far (shown live, not yet stored); a half character is left out. */
  get pending(): string {
    if (this.pendingText === null) {
      const bytes = this.takeRest(new Uint8Array(0));
      this.rest = [bytes];
      this.restLength = bytes.length;
      this.pendingText = new TextDecoder('utf-8').decode(bytes, { stream: true });
    }
    return this.pendingText;
  }

  /** Forgets the unfinished line and any half character (after a truncation). */
  reset(): void {
    this.rest = [];
    this.restLength = 0;
    this.pendingText = '';
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
