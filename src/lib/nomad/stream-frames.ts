/**
 * Decoder for Nomad's file and log streams (`/v1/client/fs/stream`, `/v1/client/fs/logs`).
 *
 * The body is JSON objects concatenated with no separator — `{"Data":"…","File":"…","Offset":6}{}{}` —
 * where `{}` is a heartbeat sent every second. Object boundaries are found by scanning braces
 * outside strings, with the scanner's state carried across chunks, so a frame split anywhere
 * (even inside a multi-byte file name) decodes once it is complete. Text that is not a frame
 * (Nomad appends an error message after the last frame when a stream fails mid-way) is
 * returned as `text` rather than dropped.
 */

export interface StreamFrame {
  /** Base64 of the file bytes in this frame. */
  Data?: string;
  File?: string;
  /** `file deleted` or `file truncated`. */
  FileEvent?: string;
  /** File offset just after this frame's data. */
  Offset?: number;
}

export type FrameItem =
  | { kind: 'frame'; frame: StreamFrame }
  | { kind: 'heartbeat' }
  | { kind: 'text'; text: string }
  | { kind: 'malformed'; text: string; error: string };

/** How a frame starts on the wire: `{` and one of its keys (or `{}`, a heartbeat). */
const STARTS = ['{"Data":', '{"File":', '{"FileEvent":', '{"Offset":', '{}'];
const LOOKAHEAD = Math.max(...STARTS.map((k) => k.length));
/**
 * Nomad's frames carry at most 64 KiB of data (~90 KB encoded); an "object" this long is
 * garbage that opened a brace it never closes, and is given up on rather than buffered forever.
 */
export const MAX_FRAME_CHARS = 4 << 20;
const CLIP = 1024;

type Start = 'frame' | 'heartbeat' | 'other' | 'undecided';

/** What the `{` at `i` starts; `undecided` while too little text has arrived to tell. */
function startAt(text: string, i: number, final: boolean): Start {
  const rest = text.slice(i, i + LOOKAHEAD);
  if (rest.startsWith('{}')) return 'heartbeat';
  if (STARTS.some((k) => rest.startsWith(k))) return 'frame';
  if (!final && rest.length < LOOKAHEAD && STARTS.some((k) => k.startsWith(rest))) return 'undecided';
  return 'other';
}

export class FrameDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  /** Text held back because a frame may start there (decided when more arrives). */
  private carry = '';
  /** The open object so far, or (outside one) the text since the last object; kept as pieces. */
  private parts: string[] = [];
  private partsLength = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The open object did not start like a frame (a garbled key): its quotes mean nothing. */
  private garbage = false;

  push(chunk: Uint8Array): FrameItem[] {
    return this.scan(this.decoder.decode(chunk, { stream: true }), false);
  }

  end(): FrameItem[] {
    const items = this.scan(this.decoder.decode(), true);
    const rest = this.take('').trim(); // only an open frame or unparsed text is ever kept
    if (rest !== '') items.push({ kind: 'text', text: rest });
    this.reset();
    return items;
  }

  private reset(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.garbage = false;
  }

  /** Everything kept so far plus `piece`, and forget it. */
  private take(piece: string): string {
    const all = this.parts.length === 0 ? piece : this.parts.join('') + piece;
    this.parts = [];
    this.partsLength = 0;
    return all;
  }

  private scan(input: string, final: boolean): FrameItem[] {
    const items: FrameItem[] = [];
    const text = this.carry + input;
    this.carry = '';
    let from = 0; // text[from…] is not in parts yet
    let stop = text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 123 /* { */) {
        const start = startAt(text, i, final);
        if (start === 'undecided') {
          stop = i;
          this.carry = text.slice(i);
          break;
        }
        // Frames are flat, and inside a valid frame `{"Data":` cannot occur (the quote
        // would be escaped): a frame starting while one is open means the open one was cut
        // short. After a garbled start, a heartbeat resynchronises too.
        if (this.depth > 0 && (start === 'frame' || (this.garbage && start === 'heartbeat'))) {
          const cut = this.take(text.slice(from, i));
          items.push({ kind: 'malformed', text: clip(cut), error: 'the frame was cut short by the next one' });
          from = i;
          this.reset();
        }
        if (this.depth === 0) {
          const junk = this.take(text.slice(from, i)).trim();
          if (junk !== '') items.push({ kind: 'text', text: junk });
          from = i;
          this.depth = 1;
          this.garbage = start === 'other';
          continue;
        }
      }
      // A garbled object's quotes and braces cannot be trusted (`{XFile":"}"…` would end at
      // the `}` in the name): it lasts until the next frame or heartbeat, or the end.
      if (this.garbage) continue;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (c === 34) {
        if (this.depth > 0) this.inString = true;
      } else if (c === 123) {
        this.depth++;
      } else if (c === 125 /* } */ && this.depth > 0) {
        this.depth--;
        if (this.depth === 0) {
          items.push(toItem(this.take(text.slice(from, i + 1))));
          from = i + 1;
        }
      }
    }
    if (stop > from) {
      this.parts.push(text.slice(from, stop));
      this.partsLength += stop - from;
    }
    if (this.depth > 0 && this.partsLength > MAX_FRAME_CHARS) {
      const size = this.partsLength;
      items.push({
        kind: 'malformed',
        text: clip(this.take('')),
        error: `an unterminated frame of ${size} characters (Nomad's are under 100 KB): skipped`,
      });
      this.reset();
    }
    return items;
  }
}

function clip(text: string): string {
  return text.length <= CLIP ? text : `${text.slice(0, CLIP)}… (${text.length - CLIP} more characters)`;
}

function toItem(json: string): FrameItem {
  if (json === '{}') return { kind: 'heartbeat' };
  try {
    const frame = JSON.parse(json) as StreamFrame;
    if (
      frame.Data === undefined &&
      frame.FileEvent === undefined &&
      frame.Offset === undefined &&
      frame.File === undefined
    ) {
      return { kind: 'heartbeat' };
    }
    return { kind: 'frame', frame };
  } catch (err) {
    return { kind: 'malformed', text: json, error: err instanceof Error ? err.message : String(err) };
  }
}

// Go's StdEncoding always pads, so a length that is not a multiple of 4 is a cut-off frame.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Standard base64 (with padding) to bytes. Throws on anything else, including input that
 * `atob` would accept but that cannot be what Nomad sent (missing padding, whitespace): a
 * truncated Data field must not turn silently into fewer bytes at the wrong offsets.
 */
export function decodeBase64(b64: string): Uint8Array {
  if (typeof b64 !== 'string' || !BASE64.test(b64)) {
    throw new Error(
      `A stream frame's Data is not valid base64 (${String(b64).length} characters): the frame was garbled`,
    );
  }
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
