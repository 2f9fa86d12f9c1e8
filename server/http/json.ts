/**
 * Nomad's JSON encoding (nomad-api.md §0.1).
 *
 * Nomad encodes responses with go-msgpack's JSON handle, not Go's encoding/json: struct
 * keys come out sorted byte-wise, `<>&` are written as-is, nil slices/maps/pointers are
 * `null`. We model every struct and map as a plain object and sort all of its keys (a Go
 * map's order is random on the wire, so sorted is one valid order). A key whose value is
 * `undefined` is left out, which is how `omitempty` fields are expressed here.
 *
 * A few types (ACLToken above all) implement MarshalJSON and are therefore delegated to
 * encoding/json: declaration order and HTML escaping. Wrap such a value with `goStdlib()`.
 */

const STDLIB = Symbol('go-stdlib-json');

export interface GoStdlibJson {
  readonly [STDLIB]: true;
  /** Keys in Go declaration order (insertion order of this object). */
  readonly value: object;
}

/** Marks a value as encoded by Go's encoding/json: declaration order, `\u003c` escaping. */
export function goStdlib(value: object): GoStdlibJson {
  return { [STDLIB]: true, value };
}

function isGoStdlib(value: object): value is GoStdlibJson {
  return STDLIB in value;
}

/** Byte-wise (UTF-8) order equals code point order, which differs from UTF-16 order. */
export function compareBytewise(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function encodeString(s: string, stdlib: boolean): string {
  // JSON.stringify already escapes exactly like Go for `"`, `\` and control characters
  // (short forms \b \f \n \r \t, lower-case \u00xx otherwise). Go also always escapes
  // U+2028/U+2029, and encoding/json escapes HTML characters.
  // Lone surrogates cannot be UTF-8 encoded; Go writes U+FFFD for invalid input.
  const wellFormed = s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  let out = JSON.stringify(wellFormed)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  if (stdlib) out = out.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return out;
}

function encodeNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`json: unsupported value: ${n}`);
  return Object.is(n, -0) ? '0' : String(n);
}

interface Writer {
  readonly indent: string;
}

function newline(w: Writer, depth: number): string {
  return w.indent === '' ? '' : `\n${w.indent.repeat(depth)}`;
}

function encodeValue(value: unknown, w: Writer, depth: number, stdlib: boolean): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return encodeString(value, stdlib);
    case 'number':
      return encodeNumber(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw new TypeError(`json: unsupported type: ${typeof value}`);
  }
  if (value instanceof Uint8Array) return `"${Buffer.from(value).toString('base64')}"`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => newline(w, depth + 1) + encodeValue(v, w, depth + 1, stdlib));
    return `[${items.join(',')}${newline(w, depth)}]`;
  }
  if (isGoStdlib(value)) return encodeObject(value.value, w, depth, true);
  return encodeObject(value, w, depth, stdlib);
}

function encodeObject(obj: object, w: Writer, depth: number, stdlib: boolean): string {
  let keys = Object.keys(obj).filter((k) => (obj as Record<string, unknown>)[k] !== undefined);
  // encoding/json keeps struct declaration order; go-msgpack sorts struct fields.
  if (!stdlib) keys = keys.sort(compareBytewise);
  if (keys.length === 0) return '{}';
  const colon = w.indent === '' ? ':' : ': ';
  const parts = keys.map(
    (k) =>
      newline(w, depth + 1) +
      encodeString(k, stdlib) +
      colon +
      encodeValue((obj as Record<string, unknown>)[k], w, depth + 1, stdlib),
  );
  return `{${parts.join(',')}${newline(w, depth)}}`;
}

/**
 * Encodes a response body the way Nomad does. `pretty` gives 4-space indentation plus a
 * trailing newline (Nomad's `?pretty`); otherwise there is no trailing newline.
 */
export function encodeNomadJson(value: unknown, pretty = false): string {
  const body = encodeValue(value, { indent: pretty ? '    ' : '' }, 0, false);
  return pretty ? `${body}\n` : body;
}

/** Go's rule for `?pretty`: present with any value except `0` (an empty value counts). */
export function wantsPretty(url: URL): boolean {
  if (!url.searchParams.has('pretty')) return false;
  return url.searchParams.get('pretty') !== '0';
}
