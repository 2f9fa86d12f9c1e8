/**
 * Garbling whole units of a stream: ndjson lines (event stream) or JSON frames written back
 * to back (fs stream/logs, nomad-api.md §4.4). The splitter finds unit boundaries in bytes
 * that arrive in any chunking; a unit is held back only until it is complete, then passed
 * on as is or replaced by garbage that stays one unit (the newline is kept, a frame keeps
 * its braces), so a client can lose exactly that unit and nothing around it.
 */
import type { Rng } from '../prng.ts';

export type UnitKind = 'line' | 'frame';

const NL = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x7b;
const CLOSE = 0x7d;

/** Splits bytes into complete units (plus bytes between frames), in order. */
export class UnitSplitter {
  private pending: Buffer[] = [];
  private pendingSize = 0;
  // Frame scanner state, carried across chunks.
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(readonly kind: UnitKind) {}

  /** Returns [bytes, isUnit] pieces completed by `chunk`. */
  push(chunk: Buffer): [Buffer, boolean][] {
    const out: [Buffer, boolean][] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.kind === 'line') {
        if (b !== NL) continue;
        out.push([this.take(chunk, start, i + 1), true]);
        start = i + 1;
        continue;
      }
      if (this.depth === 0) {
        if (b !== OPEN) continue;
        // Bytes between frames pass through untouched.
        if (i > start || this.pendingSize > 0) out.push([this.take(chunk, start, i), false]);
        start = i;
        this.depth = 1;
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) this.inString = false;
      } else if (b === QUOTE) this.inString = true;
      else if (b === OPEN) this.depth++;
      else if (b === CLOSE && --this.depth === 0) {
        out.push([this.take(chunk, start, i + 1), true]);
        start = i + 1;
      }
    }
    if (start < chunk.length) {
      if (this.kind === 'frame' && this.depth === 0) {
        out.push([this.take(chunk, start, chunk.length), false]);
      } else {
        this.pending.push(chunk.subarray(start));
        this.pendingSize += chunk.length - start;
      }
    }
    return out;
  }

  /** What is left at the end of the response (an unterminated unit), as is. */
  flush(): Buffer {
    const rest = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingSize = 0;
    return rest;
  }

  private take(chunk: Buffer, from: number, to: number): Buffer {
    if (this.pendingSize === 0) return chunk.subarray(from, to);
    const joined = Buffer.concat([...this.pending, chunk.subarray(from, to)]);
    this.pending = [];
    this.pendingSize = 0;
    return joined;
  }
}

export type GarbleVariant = 'json' | 'utf8' | 'base64';

/**
 * Garbage in place of one ndjson line: truncated JSON, invalid UTF-8 bytes at its start, or
 * raw control bytes inside it. The trailing newline is kept, so the next line is intact.
 */
export function garbleLine(line: Buffer, rng: Rng): { bytes: Buffer; variant: GarbleVariant } {
  const body = line[line.length - 1] === NL ? line.subarray(0, line.length - 1) : line;
  const variant: GarbleVariant = rng.pick(['json', 'utf8'] as const);
  let garbled: Buffer;
  if (variant === 'json' || body.length < 2) {
    // Cut before the closing brace: never valid JSON, and a NUL makes sure of it.
    const cut = body.length < 2 ? 0 : rng.int(1, body.length - 1);
    garbled = Buffer.concat([body.subarray(0, cut), Buffer.from([0x00])]);
  } else {
    garbled = Buffer.from(body);
    garbled[0] = 0xff;
    garbled[1] = 0xfe;
  }
  return { bytes: Buffer.concat([garbled, Buffer.from([NL])]), variant };
}

/**
 * Garbage in place of one stream frame, still one balanced `{…}`: invalid JSON (the first
 * key's quote replaced), invalid UTF-8 there instead, or a Data field whose base64 was
 * truncated to a length no decoder accepts. `{}` heartbeats are left alone (returns undefined).
 */
export function garbleFrame(frame: Buffer, rng: Rng): { bytes: Buffer; variant: GarbleVariant } | undefined {
  if (frame.length <= 2) return undefined;
  const text = frame.toString('latin1');
  const data = /"Data":"([A-Za-z0-9+/=]*)"/.exec(text);
  const variants: GarbleVariant[] = data && data[1]!.length >= 4 ? ['json', 'utf8', 'base64'] : ['json', 'utf8'];
  const variant = rng.pick(variants);
  if (variant === 'base64' && data) {
    const start = data.index + '"Data":"'.length;
    const b64 = data[1]!.replace(/=+$/, '');
    // Drop 1–3 characters so the length is not a multiple of 4 (and padding is gone).
    let keep = b64.length - rng.int(1, 3);
    if (keep % 4 === 0) keep -= 1;
    keep = Math.max(1, keep);
    const out = text.slice(0, start) + b64.slice(0, keep) + text.slice(start + data[1]!.length);
    return { bytes: Buffer.from(out, 'latin1'), variant };
  }
  const bytes = Buffer.from(frame);
  // Position 1 is the first key's opening quote in every non-empty frame.
  bytes[1] = variant === 'utf8' ? 0xff : 0x3f;
  return { bytes, variant };
}
