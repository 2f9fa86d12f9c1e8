import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, cutsArb, nastyBytes, splitAt, unicodeText, utf8 } from '../../testing/chunks';
import { NdjsonDecoder, type NdjsonItem } from './ndjson';

function decode(chunks: readonly Uint8Array[]): NdjsonItem[] {
  const d = new NdjsonDecoder();
  return [...chunks.flatMap((c) => d.push(c)), ...d.end()];
}

/** A line the stream may carry: a JSON value (Nomad's case) or garbage that is never JSON. */
type Line = { good: true; bytes: Uint8Array; value: unknown } | { good: false; bytes: Uint8Array };

const goodLine = fc.jsonValue().map((v): Line => {
  const text = JSON.stringify(v);
  return { good: true, bytes: utf8(text), value: JSON.parse(text) as unknown };
});
// `@` can never start JSON; what follows may be any bytes but a newline (invalid UTF-8 included).
const badLine = fc
  .oneof(
    unicodeText().map((s) => utf8(s.replace(/\n/g, ' '))),
    nastyBytes().map((b) => b.filter((x) => x !== 0x0a)),
  )
  .map((rest): Line => ({ good: false, bytes: concatBytes([utf8('@'), rest]) }));
const lines = fc.array(fc.oneof({ weight: 3, arbitrary: goodLine }, { weight: 1, arbitrary: badLine }), {
  maxLength: 12,
});

const NL = utf8('\n');
const body = (ls: readonly Line[], finalNewline: boolean) =>
  concatBytes(ls.flatMap((l, i) => (i < ls.length - 1 || finalNewline ? [l.bytes, NL] : [l.bytes])));

/** What the UI gets from an item: a value, or the text it shows as an error. */
const summary = (items: readonly NdjsonItem[]) =>
  items.map((i) => (i.kind === 'value' ? { value: i.value } : { bad: i.text.trim() }));

describe('NdjsonDecoder properties', () => {
  it('gives the same items whatever chunks the body arrives in', () => {
    fc.assert(
      fc.property(lines, fc.boolean(), cutsArb(), (ls, nl, cuts) => {
        const bytes = body(ls, nl);
        expect(decode(splitAt(bytes, cuts))).toEqual(decode([bytes]));
      }),
      { numRuns: 120 },
    );
  });

  it('keeps every good line around garbage, in order, and reports each bad line with its text', () => {
    fc.assert(
      fc.property(lines, fc.boolean(), cutsArb(), (ls, nl, cuts) => {
        const got = summary(decode(splitAt(body(ls, nl), cuts)));
        const want = ls.map((l) => (l.good ? { value: l.value } : { bad: new TextDecoder().decode(l.bytes).trim() }));
        expect(got).toEqual(want);
      }),
      { numRuns: 120 },
    );
  });

  it('never throws on random bytes, and the result does not depend on chunking', () => {
    fc.assert(
      fc.property(nastyBytes(200), cutsArb(), (bytes, cuts) => {
        const whole = decode([bytes]);
        expect(decode(splitAt(bytes, cuts))).toEqual(whole);
        for (const item of whole) if (item.kind !== 'value') expect(typeof item.text).toBe('string');
      }),
      { numRuns: 120 },
    );
  });

  it('decodes a 2 MB line that arrives in 1 KB chunks, quickly', () => {
    const big = { Events: [{ Key: 'x'.repeat(2 << 20), Topic: 'Job' }], Index: 1 };
    const bytes = concatBytes([utf8(JSON.stringify(big)), NL, utf8('{"Index":2}\n')]);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 1024) chunks.push(bytes.subarray(i, i + 1024));
    const started = performance.now();
    const items = decode(chunks);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(items).toEqual([
      { kind: 'value', value: big },
      { kind: 'value', value: { Index: 2 } },
    ]);
  });
});
