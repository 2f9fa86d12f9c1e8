import { describe, expect, it } from 'vitest';
import { createRng } from '../prng.ts';
import { garbleFrame, garbleLine, UnitSplitter } from './garble.ts';

function chunked(bytes: Buffer, seed: number): Buffer[] {
  const rng = createRng(seed);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length;) {
    const n = rng.int(1, 7);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

function units(splitter: UnitSplitter, chunks: Buffer[]): [string, boolean][] {
  const out: [string, boolean][] = [];
  for (const c of chunks) for (const [b, u] of splitter.push(c)) out.push([b.toString('utf8'), u]);
  const rest = splitter.flush();
  if (rest.length) out.push([rest.toString('utf8'), false]);
  return out;
}

describe('UnitSplitter', () => {
  it('finds ndjson lines in any chunking, multi-byte characters included', () => {
    const text = '{}\n{"Index":5,"Events":[{"Key":"héllo ✓"}]}\n{"Index":6}\n';
    for (let seed = 1; seed < 30; seed++) {
      const got = units(new UnitSplitter('line'), chunked(Buffer.from(text), seed));
      expect(got.filter(([, u]) => u).map(([t]) => t)).toEqual([
        '{}\n',
        '{"Index":5,"Events":[{"Key":"héllo ✓"}]}\n',
        '{"Index":6}\n',
      ]);
    }
  });

  it('finds frames written back to back, with braces and escaped quotes inside strings', () => {
    const frames = ['{}', '{"Data":"aGk=","File":"a{b}\\"c\\\\","Offset":2}', '{"FileEvent":"file deleted"}'];
    for (let seed = 1; seed < 30; seed++) {
      const got = units(new UnitSplitter('frame'), chunked(Buffer.from(frames.join('')), seed));
      expect(got.filter(([, u]) => u).map(([t]) => t)).toEqual(frames);
      expect(got.map(([t]) => t).join('')).toBe(frames.join(''));
    }
  });
});

describe('garbling', () => {
  it('turns any line into one line that is never valid JSON', () => {
    const rng = createRng(3);
    const lines = ['{}\n', '{"Index":12,"Events":[{"Topic":"Job","Key":"x"}]}\n', '{"a":"✓✓✓"}\n'];
    for (let i = 0; i < 300; i++) {
      const line = Buffer.from(lines[i % lines.length]!);
      const { bytes } = garbleLine(line, rng);
      expect(bytes[bytes.length - 1]).toBe(0x0a);
      expect(bytes.subarray(0, -1).includes(0x0a)).toBe(false);
      expect(() => JSON.parse(new TextDecoder().decode(bytes))).toThrow();
    }
  });

  it('turns a frame into one balanced frame that is invalid JSON or carries bad base64; heartbeats stay', () => {
    const rng = createRng(5);
    expect(garbleFrame(Buffer.from('{}'), rng)).toBeUndefined();
    const frame = Buffer.from('{"Data":"aGVsbG8gd29ybGQh","File":"alloc/logs/web.stdout.0","Offset":12}');
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { bytes, variant } = garbleFrame(frame, rng)!;
      seen.add(variant);
      expect(bytes[0]).toBe(0x7b);
      expect(bytes[bytes.length - 1]).toBe(0x7d);
      const text = new TextDecoder().decode(bytes);
      if (variant === 'base64') {
        const data = (JSON.parse(text) as { Data: string }).Data;
        expect(data.length % 4).not.toBe(0);
      } else {
        expect(() => JSON.parse(text)).toThrow();
      }
    }
    expect(seen).toEqual(new Set(['json', 'utf8', 'base64']));
  });
});
