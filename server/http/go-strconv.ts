/**
 * The parts of Go's strconv whose error texts reach clients verbatim: `Quote` (in every
 * NumError) and `Atoi`, so a bad query value gets Nomad's 400 byte for byte.
 */

/** Go's `strconv.Quote`: printable Unicode kept, everything else escaped the Go way. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\u0007') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    // A lone surrogate is invalid UTF-8 to Go, which writes U+FFFD's escape for it.
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch)) {
      out += code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

export type AtoiResult = { ok: true; value: bigint } | { ok: false; error: string };

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_INT64 = (1n << 63n) - 1n;

/**
 * `strconv.Atoi` on a 64-bit platform, errors included. Like Go, a value that overflows
 * uint64 is "out of range" even when an invalid character follows (the scan stops there).
 */
export function goAtoi(s: string): AtoiResult {
  const fail = (why: string): AtoiResult => ({ ok: false, error: `strconv.Atoi: parsing ${goQuote(s)}: ${why}` });
  const neg = s.startsWith('-');
  const digits = neg || s.startsWith('+') ? s.slice(1) : s;
  if (digits === '') return fail('invalid syntax');
  let n = 0n;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return fail('invalid syntax');
    n = n * 10n + BigInt(d);
    if (n > MAX_UINT64) return fail('value out of range');
  }
  if (neg ? n > MAX_INT64 + 1n : n > MAX_INT64) return fail('value out of range');
  return { ok: true, value: neg ? -n : n };
}
