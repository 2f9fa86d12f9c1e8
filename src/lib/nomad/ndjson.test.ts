import { describe, expect, it } from 'vitest';
import { NdjsonDecoder, type NdjsonItem } from './ndjson';

const enc = new TextEncoder();

function feed(chunks: Uint8Array[]): NdjsonItem[] {
  const d = new NdjsonDecoder();
  return [...chunks.flatMap((c) => d.push(c)), ...d.end()];
}

function splitEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const stream = '{}\n{"Events":[{"Key":"wéb-日本-🚀","Topic":"Job"}],"Index":7}\n{}\n{"Events":[],"Index":8}\n';

describe('NdjsonDecoder', () => {
  const expected = [{}, { Events: [{ Key: 'wéb-日本-🚀', Topic: 'Job' }], Index: 7 }, {}, { Events: [], Index: 8 }];

  it('decodes whole lines', () => {
    const items = feed([enc.encode(stream)]);
    expect(items.map((i) => (i.kind === 'value' ? i.value : i))).toEqual(expected);
  });

  it.each([1, 2, 3, 5, 7, 13])('survives %i-byte chunks, including splits inside multi-byte characters', (size) => {
    const items = feed(splitEvery(enc.encode(stream), size));
    expect(items.map((i) => (i.kind === 'value' ? i.value : i))).toEqual(expected);
  });

  it('decodes the same whatever single byte offset the body is split at', () => {
    const bytes = enc.encode(stream);
    for (let at = 0; at <= bytes.length; at++) {
      const items = feed([bytes.subarray(0, at), bytes.subarray(at)]);
      expect(items.map((i) => (i.kind === 'value' ? i.value : i))).toEqual(expected);
    }
  });

  it('yields nothing for a partial line until its newline arrives', () => {
    const d = new NdjsonDecoder();
    expect(d.push(enc.encode('{"Index":1'))).toEqual([]);
    expect(d.push(enc.encode(',"Events":[]}\n{"In'))).toEqual([{ kind: 'value', value: { Index: 1, Events: [] } }]);
  });

  it('reports a non-JSON line as malformed and keeps going', () => {
    const items = feed([enc.encode('{"Index":1}\n{"Index":2,BROKEN\n{"Index":3}\n')]);
    expect(items[1]).toMatchObject({ kind: 'malformed', text: '{"Index":2,BROKEN' });
    expect(items[2]).toMatchObject({ kind: 'value', value: { Index: 3 } });
  });

  it('returns a non-JSON tail without a newline as the close reason (Nomad ≤1.11.3)', () => {
    const items = feed([
      enc.encode('{}\n{"Index":4,"Events":[]}\nsubscription closed by server, client should resubscribe'),
    ]);
    expect(items.at(-1)).toEqual({ kind: 'tail', text: 'subscription closed by server, client should resubscribe' });
  });

  it('accepts a last JSON line without a trailing newline', () => {
    expect(feed([enc.encode('{"Index":9}')])).toMatchObject([{ kind: 'value', value: { Index: 9 } }]);
  });

  it('ignores blank lines and CRLF line ends', () => {
    const items = feed([enc.encode('\n{}\r\n\r\n{"Index":2}\r\n')]);
    expect(items.map((i) => i.kind === 'value' && i.value)).toEqual([{}, { Index: 2 }]);
  });
});
