import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NomadEvent } from '../../../src/lib/nomad/types.ts';
import { HttpError } from '../../http/errors.ts';
import { goQuote } from '../../http/go-strconv.ts';
import { ALL, matchCount, parseStreamIndex, parseTopics } from './filter.ts';

const noColon = fc.string({ maxLength: 10 }).map((s) => s.replace(/:/g, ''));
const topicValue = fc.oneof(
  noColon,
  fc.tuple(noColon, noColon).map(([t, k]) => `${t}:${k}`),
  fc.constantFrom('*', '*:*', 'Job:*', 'Job:', ':', '::', 'Job:a:b'),
  fc.string({ maxLength: 12 }),
);

function thrown(fn: () => unknown): HttpError | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    return err as HttpError;
  }
  return undefined;
}

describe('parseTopics properties (parseEventTopics)', () => {
  it('splits each value at its one colon, keeps every key in order, and refuses the first value with more', () => {
    fc.assert(
      fc.property(fc.array(topicValue, { maxLength: 8 }), (values) => {
        const bad = values.find((v) => v.split(':').length > 2);
        const err = thrown(() => parseTopics(values));
        if (bad !== undefined) {
          expect(err?.status).toBe(400);
          expect(err?.message).toBe(
            `Invalid topic query: error parsing topics: Invalid key value pair for topic, topic: ${bad}`,
          );
          return;
        }
        expect(err).toBeUndefined();
        const topics = parseTopics(values);
        if (values.length === 0) return void expect([...topics]).toEqual([[ALL, [ALL]]]);
        const rebuilt = [...topics].flatMap(([t, keys]) => keys.map((k) => [t, k]));
        const want = values.map((v) => (v.includes(':') ? v.split(':') : [v, ALL]));
        expect(rebuilt.sort()).toEqual(want.sort());
      }),
      { numRuns: 150 },
    );
  });

  it('never throws while matching any event against any accepted topics', () => {
    const event = fc.record({
      Topic: fc.constantFrom('Job', 'Node', 'Allocation', ''),
      Key: fc.string({ maxLength: 4 }),
      FilterKeys: fc.option(fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), { nil: undefined }),
      Namespace: fc.constantFrom('', 'default', 'prod'),
    });
    fc.assert(
      fc.property(fc.array(topicValue, { maxLength: 6 }), event, (values, e) => {
        fc.pre(values.every((v) => v.split(':').length <= 2));
        const topics = parseTopics(values);
        const n = matchCount({ topics, namespaces: undefined }, e as unknown as NomadEvent);
        expect(Number.isInteger(n) && n >= 0 && n <= values.length + 1).toBe(true);
      }),
    );
  });
});

describe('parseStreamIndex properties', () => {
  it('accepts exactly what strconv.Atoi accepts, and answers anything else with its error as a 400', () => {
    const raw = fc.oneof(
      fc.bigInt({ min: -(1n << 80n), max: 1n << 80n }).map(String),
      fc.string({ maxLength: 24 }),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.constantFrom('', '+', '-', '+0', '-0', '0x10', '1e3', ' 1', '1 ', '١٢'),
    );
    fc.assert(
      fc.property(raw, (s) => {
        const err = thrown(() => parseStreamIndex(s));
        const text = s === '' ? '0' : s;
        let n: bigint | undefined;
        if (/^[+-]?[0-9]+$/.test(text)) n = BigInt(text);
        if (n !== undefined && n >= -(1n << 63n) && n < 1n << 63n) {
          expect(err).toBeUndefined();
          expect(parseStreamIndex(s)).toBe(Number(n));
        } else {
          expect(err?.status).toBe(400);
          const why = n === undefined ? 'invalid syntax' : 'value out of range';
          expect(err?.message).toBe(`Unable to parse index: strconv.Atoi: parsing ${goQuote(text)}: ${why}`);
        }
      }),
      { numRuns: 150 },
    );
  });
});
