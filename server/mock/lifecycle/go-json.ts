/**
 * Request bodies decoded the way Nomad's handlers decode them (Go's encoding/json
 * `Decoder.Decode`): one JSON value is read and anything after it is ignored, and a
 * syntax error is reported with Go's wording rather than V8's.
 */
import { HttpError } from '../../http/errors.ts';

export class GoJsonError extends Error {
  override name = 'GoJsonError';
}

/** encoding/json's quoteChar: `'x'`, with Go escapes for quotes and control characters. */
function goQuoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  const quoted = JSON.stringify(c).slice(1, -1);
  return `'${quoted.replace(/\\u00([0-9a-f]{2})/g, '\\x$1')}'`;
}

/** V8's message → where Go's scanner was when it met the bad character. */
const CONTEXTS: [RegExp, string][] = [
  [/property name or '}'|double-quoted property name/, 'looking for beginning of object key string'],
  [/Expected ':' after property name/, 'after object key'],
  [/after property value/, 'after object key:value pair'],
  [/after array element/, 'after array element'],
  [/Bad (control )?character in string literal|Bad escaped character/, 'in string literal'],
];

/** Parses `text` like json.Decoder.Decode; throws GoJsonError with Go's message. */
export function decodeGoJson(text: string): unknown {
  if (text.trim() === '') throw new GoJsonError('EOF');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const trailing = /non-whitespace character after JSON at position (\d+)/.exec(message);
    // The decoder stops after the first value; what follows is the next Decode's problem.
    if (trailing) return decodeGoJson(text.slice(0, Number(trailing[1])));
    if (/Unexpected end of JSON input|Unterminated string/.test(message)) throw new GoJsonError('unexpected EOF');
    const token = /Unexpected token '(.)'/u.exec(message);
    const at = /at position (\d+)/.exec(message);
    const c = token ? token[1]! : at ? (text[Number(at[1])] ?? '') : '';
    if (c === '') throw new GoJsonError('unexpected EOF');
    const where = CONTEXTS.find(([re]) => re.test(message))?.[1] ?? 'looking for beginning of value';
    throw new GoJsonError(`invalid character ${goQuoteChar(c)} ${where}`);
  }
}

/** The JSON type name Go's errors use for a decoded value. */
export function goJsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

export function unmarshalTypeError(value: unknown, field: string, goType: string): GoJsonError {
  return new GoJsonError(`json: cannot unmarshal ${goJsonType(value)} into Go struct field ${field} of type ${goType}`);
}

/** Reads the raw request body (bounded). */
export async function readBodyText(req: AsyncIterable<unknown>, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new HttpError(413, 'Request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
