/**
 * Property-test support: the same bytes cut into chunks at arbitrary positions, so a
 * decoder can be shown to give one result whatever the network did to the body.
 */
import fc from 'fast-check';

/** `bytes` cut at `cuts` (any naturals; folded into range, sorted, duplicates give empty chunks). */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  out.push(bytes.subarray(from));
  return out;
}

/** Cut positions: up to `max` of them, anywhere (including inside multi-byte characters). */
export const cutsArb = (max = 24) => fc.array(fc.nat(), { maxLength: max });

/** One code point: mostly ASCII, then BMP and astral ones (never a lone surrogate: not UTF-8). */
export const codePoint = fc
  .oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 0x7f }) },
    fc.integer({ min: 0x80, max: 0xd7ff }),
    fc.integer({ min: 0xe000, max: 0x10ffff }),
  )
  .map((c) => String.fromCodePoint(c));

/** Any Unicode text, astral characters included (fast-check's `binary` unit is slow to build). */
export const unicodeText = (maxLength = 40) => fc.array(codePoint, { maxLength }).map((cs) => cs.join(''));

/** Bytes that are often not valid UTF-8: stray continuation bytes, cut sequences, overlongs. */
export const nastyBytes = (maxLength = 64) =>
  fc
    .array(
      fc.oneof(
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom(0x80, 0xbf, 0xc0, 0xc1, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0xff, 0x0a, 0x7b, 0x7d, 0x22, 0x5c),
      ),
      { maxLength },
    )
    .map((a) => Uint8Array.from(a));

const enc = new TextEncoder();
export const utf8 = (s: string): Uint8Array => enc.encode(s);

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
