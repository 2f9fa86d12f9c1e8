import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goAtoi, goQuote } from './go-strconv.ts';

/** Go's `strconv.Unquote` for what goQuote writes, as an independent check. */
function unquote(q: string): string {
  expect(q.startsWith('"') && q.endsWith('"')).toBe(true);
  const body = q.slice(1, -1);
  const simple: Record<string, string> = {
    n: '\n',
    r: '\r',
    t: '\t',
    a: '\u0007',
    b: '\b',
    f: '\f',
    v: '\v',
    '"': '"',
    '\\': '\\',
  };
  return body.replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|.)/gu, (_, e: string) =>
    e.length === 1 ? simple[e]! : String.fromCodePoint(parseInt(e.slice(1), 16)),
  );
}

const text = fc
  .array(
    fc
      .oneof(fc.integer({ min: 0, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0x10ffff }))
      .map((c) => String.fromCodePoint(c)),
    { maxLength: 30 },
  )
  .map((cs) => cs.join(''));

describe('goQuote properties', () => {
  it('round-trips any text and writes no control, format or separator characters raw', () => {
    fc.assert(
      fc.property(text, (s) => {
        const q = goQuote(s);
        expect(unquote(q)).toBe(s);
        expect(q).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
      }),
      { numRuns: 100 },
    );
  });
});

describe('goAtoi properties (strconv.Atoi on 64-bit)', () => {
  const int64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });

  it('parses every int64 written in decimal, with an optional plus sign or leading zeros', () => {
    fc.assert(
      fc.property(int64, fc.boolean(), fc.nat(3), (n, plus, zeros) => {
        const digits = '0'.repeat(zeros) + (n < 0n ? -n : n).toString();
        const s = n < 0n ? `-${digits}` : plus ? `+${digits}` : digits;
        expect(goAtoi(s)).toEqual({ ok: true, value: n });
      }),
    );
  });

  it('calls values past int64 out of range, and anything with a non-digit invalid syntax', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 1n << 70n }), fc.boolean(), (extra, neg) => {
        const n = neg ? -(1n << 63n) - extra : (1n << 63n) - 1n + extra;
        expect(goAtoi(n.toString())).toEqual({
          ok: false,
          error: `strconv.Atoi: parsing "${n.toString()}": value out of range`,
        });
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        fc.pre(!/^[+-]?[0-9]+$/.test(s));
        expect(goAtoi(s)).toEqual({ ok: false, error: `strconv.Atoi: parsing ${goQuote(s)}: invalid syntax` });
      }),
    );
  });

  it('stops at a uint64 overflow before a later bad character, as Go does', () => {
    expect(goAtoi('99999999999999999999x')).toEqual({
      ok: false,
      error: 'strconv.Atoi: parsing "99999999999999999999x": value out of range',
    });
    expect(goAtoi('9223372036854775808x')).toMatchObject({ error: expect.stringContaining('invalid syntax') });
    expect(goAtoi('-')).toMatchObject({ error: 'strconv.Atoi: parsing "-": invalid syntax' });
    expect(goAtoi('1_000')).toMatchObject({ error: expect.stringContaining('invalid syntax') });
    expect(goAtoi('\u0000\n')).toMatchObject({ error: 'strconv.Atoi: parsing "\\x00\\n": invalid syntax' });
  });
});
