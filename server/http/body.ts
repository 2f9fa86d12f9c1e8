/**
 * Request bodies for our own JSON endpoints (sinks, mock control routes), read defensively:
 * a size limit answered with a readable 413 (the client gets the answer rather than a
 * reset connection), UTF-8 checked, and a nesting limit checked before JSON.parse so a
 * 100,000-level document is refused in one linear pass instead of reaching code that
 * walks it recursively.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.ts';

/** encoding/json's limit; Go's decoder refuses deeper documents with "exceeded max depth". */
export const MAX_JSON_DEPTH = 10_000;

/** Past this many bytes beyond the limit we stop reading and drop the connection. */
const DRAIN_FACTOR = 8;

export function bodyTooLarge(limit: number): HttpError {
  return new HttpError(413, `Request body too large: at most ${limit} bytes are accepted`);
}

/**
 * Reads the whole body, up to `limit` bytes. Over the limit it keeps reading (and
 * discarding) for a while so the 413 can be delivered, then gives up on the connection.
 */
export function readBodyBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    let tooLarge = Number.isFinite(declared) && declared > limit;
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (!tooLarge && size > limit) {
        tooLarge = true;
        chunks.length = 0;
        reject(bodyTooLarge(limit));
      } else if (!tooLarge) chunks.push(c);
      if (tooLarge && size > limit * DRAIN_FACTOR) {
        req.off('data', onData);
        req.socket.destroy();
      }
    };
    if (tooLarge) reject(bodyTooLarge(limit));
    req.on('data', onData);
    req.once('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks));
    });
    req.once('error', reject);
    req.once('aborted', () => reject(new HttpError(400, 'Request body ended early')));
  });
}

/** Whether `text` nests arrays/objects deeper than `max` (strings are skipped). */
export function exceedsJsonDepth(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads and parses a JSON body. `describe` turns a parse problem into the endpoint's
 * own 400 text. Returns undefined for an empty body.
 */
export async function readJsonRequest(
  req: IncomingMessage,
  limit: number,
  describe: (problem: string) => string,
): Promise<unknown> {
  const bytes = await readBodyBytes(req, limit);
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new HttpError(400, describe('it is not valid UTF-8'));
  }
  if (text.trim() === '') return undefined;
  if (exceedsJsonDepth(text)) throw new HttpError(400, describe(`it nests deeper than ${MAX_JSON_DEPTH} levels`));
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(400, describe(err instanceof Error ? err.message : String(err)));
  }
}
