import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePoint } from '../../../testing/chunks';
import { goQuote, metaKeyError } from './meta-key';

/** HCL's identifier rule, checked character by character (an independent model of the regex). */
function validPart(part: string): boolean {
  const chars = [...part];
  if (chars.length === 0) return false;
  return chars.every((ch, i) =>
    i === 0 ? ch === '_' || /\p{ID_Start}/u.test(ch) : ch === '-' || /\p{ID_Continue}/u.test(ch),
  );
}

const keyArb = fc.oneof(
  fc.array(codePoint, { maxLength: 12 }).map((cs) => cs.join('')),
  fc
    .array(fc.constantFrom('a', 'Z', '_', '-', '.', '0', '9', 'é', '日', '🚀', ' ', '$', '\u0301', '\u200b'), {
      maxLength: 10,
    })
    .map((cs) => cs.join('')),
  fc.string({ maxLength: 12 }),
);

/** Go's strconv.Unquote for goQuote's output. */
function unquote(q: string): string {
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
  return q
    .slice(1, -1)
    .replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|.)/gu, (_, e: string) =>
      e.length === 1 ? simple[e]! : String.fromCodePoint(parseInt(e.slice(1), 16)),
    );
}

describe('metaKeyError properties (NodeMetaApplyRequest.Validate)', () => {
  it('accepts a key exactly when every dot-separated part is an HCL identifier, with Nomad’s texts', () => {
    fc.assert(
      fc.property(keyArb, (key) => {
        const err = metaKeyError(key);
        if (key === '') return void expect(err).toBe('metadata keys must not be empty');
        if (key.split('.').every(validPart)) expect(err).toBeUndefined();
        else expect(err).toBe(`${goQuote(key)} is invalid; metadata keys must be valid dotted hcl identifiers`);
      }),
      { numRuns: 120 },
    );
  });

  it('accepts any dotted key built from identifiers', () => {
    const ident = fc
      .tuple(
        fc.constantFrom('_', 'a', 'Z', 'é', 'ß', '日'),
        fc.array(fc.constantFrom('a', '0', '-', '_', 'ü', '\u0301'), { maxLength: 6 }),
      )
      .map(([h, t]) => h + t.join(''));
    fc.assert(
      fc.property(fc.array(ident, { minLength: 1, maxLength: 4 }), (parts) => {
        expect(metaKeyError(parts.join('.'))).toBeUndefined();
      }),
    );
  });

  it('quotes any key so that Go’s unquoting gives it back, with nothing invisible left raw', () => {
    fc.assert(
      fc.property(keyArb, (key) => {
        const q = goQuote(key);
        expect(unquote(q)).toBe(key);
        expect(q).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
      }),
    );
  });
});
