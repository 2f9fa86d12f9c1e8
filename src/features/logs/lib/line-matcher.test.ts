import { describe, expect, it } from 'vitest';
import { LineBuffer } from './line-buffer.ts';
import { compileMatcher, highlightRanges, MatchIndex } from './line-matcher.ts';

function index(texts: string[], spec: Parameters<typeof compileMatcher>[0], context: number) {
  const buf = new LineBuffer(1000);
  const c = compileMatcher(spec);
  if (!c.ok) throw new Error(c.error);
  const idx = new MatchIndex(c.matcher, context);
  for (const t of texts) {
    const line = buf.append(t, 'stdout', 0);
    idx.add(line, (s) => buf.bySeq(s));
  }
  const seqs = (l: { length: number; at(i: number): number | undefined }) =>
    Array.from({ length: l.length }, (_, i) => buf.bySeq(l.at(i)!)!.text);
  return { matches: seqs(idx.matches), visible: seqs(idx.visible), idx, buf };
}

const spec = { query: 'err', regex: false, caseSensitive: false, invert: false };
const lines = ['a', 'b', 'ERR one', 'c', 'd', 'e', 'f', 'err two', 'g', 'h'];

describe('compileMatcher', () => {
  it('reports a bad regex instead of throwing', () => {
    const r = compileMatcher({ ...spec, query: 'a(b', regex: true });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/Invalid regular expression/);
  });

  it('escapes plain text, honours case, inverts, and ignores ANSI codes', () => {
    const m = (s: Partial<typeof spec>) => {
      const r = compileMatcher({ ...spec, ...s });
      if (!r.ok) throw new Error(r.error);
      return r.matcher;
    };
    expect(m({ query: 'a.b' }).test('axb')).toBe(false);
    expect(m({ query: 'a.b', regex: true }).test('axb')).toBe(true);
    expect(m({ query: 'ERR', caseSensitive: true }).test('err')).toBe(false);
    expect(m({ invert: true }).test('error')).toBe(false);
    expect(m({ query: 'red alert' }).test('red \u001b[1malert')).toBe(true);
  });

  it('finds highlight ranges and skips empty matches', () => {
    const r = compileMatcher({ ...spec, query: 'o|x*', regex: true });
    if (!r.ok) throw new Error();
    expect(highlightRanges('foo', r.matcher.highlight)).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });
});

describe('MatchIndex', () => {
  it('keeps matches only without context', () => {
    const r = index(lines, spec, 0);
    expect(r.matches).toEqual(['ERR one', 'err two']);
    expect(r.visible).toEqual(['ERR one', 'err two']);
  });

  it('adds context before and after, without duplicating overlapping context', () => {
    expect(index(lines, spec, 1).visible).toEqual(['b', 'ERR one', 'c', 'f', 'err two', 'g']);
    expect(index(lines, spec, 2).visible).toEqual(['a', 'b', 'ERR one', 'c', 'd', 'e', 'f', 'err two', 'g', 'h']);
  });

  it('applies to lines arriving later, and inverted', () => {
    const r = index(lines, { ...spec, invert: true }, 0);
    expect(r.visible).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    const more = r.buf.append('err three', 'stdout', 0);
    r.idx.add(more, (s) => r.buf.bySeq(s));
    const ok = r.buf.append('fine', 'stdout', 0);
    r.idx.add(ok, (s) => r.buf.bySeq(s));
    expect(r.idx.visible.length).toBe(9);
  });

  it('always shows markers and forgets dropped lines', () => {
    const r = index(['x', 'err', 'y'], spec, 0);
    const m = r.buf.append('— file truncated —', 'stdout', 0, true);
    r.idx.add(m, (s) => r.buf.bySeq(s));
    expect(r.idx.visible.length).toBe(2);
    r.idx.dropBefore(m.seq);
    expect(r.idx.matches.length).toBe(0);
    expect(r.idx.visible.length).toBe(1);
  });
});
