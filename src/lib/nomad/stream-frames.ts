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

export class FrameDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private buf = '';
  private pos = 0; // next character of buf to scan
  private start = -1; // where the current object began, -1 outside one
  private depth = 0;
  private inString = false;
  private escaped = false;

  push(chunk: Uint8Array): FrameItem[] {
    return this.scan(this.decoder.decode(chunk, { stream: true }));
  }

  end(): FrameItem[] {
    const items = this.scan(this.decoder.decode());
    const rest = this.buf.trim(); // only an open frame or unparsed text is ever kept
    if (rest !== '') items.push({ kind: 'text', text: rest });
    this.buf = '';
    this.pos = 0;
    this.start = -1;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    return items;
  }

  private scan(text: string): FrameItem[] {
    const items: FrameItem[] = [];
    if (text === '') return items;
    this.buf += text;
    const buf = this.buf;
    let textStart = this.start === -1 ? 0 : -1; // buf starts with kept text or the open frame
    for (let i = this.pos; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (c === 34) {
        if (this.depth > 0) this.inString = true;
      } else if (c === 123 /* { */) {
        if (this.depth === 0) {
          if (textStart !== -1) {
            const junk = buf.slice(textStart, i).trim();
            if (junk !== '') items.push({ kind: 'text', text: junk });
            textStart = -1;
          }
          this.start = i;
        }
        this.depth++;
      } else if (c === 125 /* } */ && this.depth > 0) {
        this.depth--;
        if (this.depth === 0) {
          items.push(toItem(buf.slice(this.start, i + 1)));
          this.start = -1;
          textStart = i + 1;
        }
      }
    }
    // Keep only what is still needed: the open object, or the unparsed text outside one.
    const keepFrom = this.start !== -1 ? this.start : textStart === -1 ? buf.length : textStart;
    this.buf = buf.slice(keepFrom);
    if (this.start !== -1) this.start = 0;
    this.pos = this.buf.length;
    return items;
  }
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

/** Standard base64 (with padding) to bytes. Throws on invalid input. */
export function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
