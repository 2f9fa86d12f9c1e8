import { describe, expect, it } from 'vitest';
import { LineBuffer, LineSplitter } from './line-buffer.ts';

const enc = new TextEncoder();

describe('LineSplitter', () => {
  it('decodes a multi-byte character split across chunks at every position', () => {
    const text = 'héllo 日本語 🚀 done\nnext\n';
    const bytes = enc.encode(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const s = new LineSplitter();
      const lines = [...s.push(bytes.subarray(0, cut)), ...s.push(bytes.subarray(cut))];
      expect(lines).toEqual(['héllo 日本語 🚀 done', 'next']);
    }
  });

  it('gives the same lines however ASCII and non-ASCII lines, CRLFs and chunk cuts mix', () => {
    const text = 'plain\r\nwith é\n\n日本\nascii run one\nascii run two\r\n🚀 rocket\nlast ascii\npart';
    const expected = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
    const pending = expected.pop();
    const bytes = enc.encode(text);
    let seed = 9;
    for (let round = 0; round < 300; round++) {
      const s = new LineSplitter();
      const lines: string[] = [];
      for (let at = 0; at < bytes.length;) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        const n = 1 + (seed % 17);
        lines.push(...s.push(bytes.subarray(at, at + n)));
        at += n;
      }
      expect(lines).toEqual(expected);
      expect(s.pending).toBe(pending);
    }
  });

  it('decodes one byte at a time', () => {
    const s = new LineSplitter();
    const lines = [...enc.encode('a🚀b\n')].flatMap((b) => s.push(new Uint8Array([b])));
    expect(lines).toEqual(['a🚀b']);
  });

  it('keeps the unfinished line pending and strips CR', () => {
    const s = new LineSplitter();
    expect(s.push(enc.encode('one\r\ntw'))).toEqual(['one']);
    expect(s.pending).toBe('tw');
    expect(s.push(enc.encode('o\n'))).toEqual(['two']);
    s.push(enc.encode('half'));
    s.reset();
    expect(s.pending).toBe('');
  });
});

describe('LineBuffer', () => {
  it('drops the oldest lines past capacity and counts them', () => {
    const b = new LineBuffer(3);
    for (const t of ['a', 'b', 'c', 'd', 'e']) b.append(t, 'stdout', 0);
    expect(b.size).toBe(3);
    expect(b.dropped).toBe(2);
    expect(b.get(0)?.text).toBe('c');
    expect(b.firstSeq).toBe(3);
    expect(b.bySeq(5)?.text).toBe('e');
    expect(b.indexOfSeq(2)).toBe(-1);
  });

  it('stays bounded over many appends', () => {
    const b = new LineBuffer(1000);
    for (let i = 0; i < 50_000; i++) b.append(String(i), 'stdout', 0);
    expect(b.size).toBe(1000);
    expect(b.dropped).toBe(49_000);
    expect(b.get(0)?.text).toBe('49000');
    expect(b.get(999)?.text).toBe('49999');
    expect(b.appended).toBe(50_000);
  });

  it('prepends older lines with contiguous seqs, only as many as fit', () => {
    const b = new LineBuffer(4);
    b.append('c', 'stdout', 0);
    b.append('d', 'stdout', 0);
    expect(b.prepend(['x', 'a', 'b'], 'stdout', 0)).toBe(2);
    expect([0, 1, 2, 3].map((i) => b.get(i)?.text)).toEqual(['a', 'b', 'c', 'd']);
    expect(b.get(0)!.seq + 3).toBe(b.get(3)!.seq);
    expect(b.prepend(['z'], 'stdout', 0)).toBe(0);
  });

  it('shrinks when the capacity is lowered', () => {
    const b = new LineBuffer(10);
    for (let i = 0; i < 10; i++) b.append(String(i), 'stderr', 0);
    b.setCapacity(4);
    expect(b.size).toBe(4);
    expect(b.get(0)?.text).toBe('6');
    expect(b.dropped).toBe(6);
  });
});
