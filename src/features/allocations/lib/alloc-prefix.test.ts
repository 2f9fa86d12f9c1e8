import { describe, expect, it } from 'vitest';
import { idMatches, sanitizeAllocPrefix } from './alloc-prefix.ts';

/** Nomad's (go-memdb's) rule for a prefix it accepts, to check every output against. */
function nomadAccepts(prefix: string): boolean {
  if (prefix.length > 36 || prefix.split('-').length - 1 > 4) return false;
  const digits = prefix.replaceAll('-', '');
  return digits.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(digits);
}

describe('sanitizeAllocPrefix', () => {
  it.each([
    ['', '', ''],
    ['3a', '3a', '3a'],
    ['3a1', '3a', '3a1'],
    ['3A13', '3a13', '3a13'],
    ['  3a13  ', '3a13', '3a13'],
    ['3a137b7d-8', '3a137b7d', '3a137b7d8'],
    ['3a137b7d-89', '3a137b7d-89', '3a137b7d89'],
    ['3a137b7d-', '3a137b7d-', '3a137b7d'],
    ['a', '', 'a'],
    ['a-', '', 'a'],
    [
      '3a137b7d-89f9-e1d2-e8fc-41a66551f799',
      '3a137b7d-89f9-e1d2-e8fc-41a66551f799',
      '3a137b7d89f9e1d2e8fc41a66551f799',
    ],
  ])('%j → sends %j, matches %j', (input, serverPrefix, match) => {
    const out = sanitizeAllocPrefix(input);
    expect(out).toEqual({ serverPrefix, match });
    expect(nomadAccepts(out.serverPrefix)).toBe(true);
  });

  it.each([
    ['3g', /hexadecimal.*"g"/],
    ['web', /hexadecimal.*"w"/],
    ['a-b-c-d-e-f', /at most 4 hyphens; this has 5/],
    ['3a137b7d-89f9-e1d2-e8fc-41a66551f7990', /36 characters; this has 37/],
  ])('refuses %j without sending anything', (input, problem) => {
    const out = sanitizeAllocPrefix(input);
    expect(out.serverPrefix).toBe('');
    expect(out.problem).toMatch(problem);
  });

  it('never produces a prefix Nomad would answer with a 500', () => {
    const alphabet = '0123456789abcdefg-';
    for (let n = 0; n < 2000; n++) {
      let s = '';
      const len = (n * 7) % 40;
      for (let i = 0; i < len; i++) s += alphabet[(n * 31 + i * 17 + ((n * i) % 5)) % alphabet.length];
      expect(nomadAccepts(sanitizeAllocPrefix(s).serverPrefix)).toBe(true);
    }
  });
});

describe('idMatches', () => {
  const id = '3a137b7d-89f9-e1d2-e8fc-41a66551f799';
  it('compares hex digits only, like Nomad', () => {
    expect(idMatches(id, '')).toBe(true);
    expect(idMatches(id, '3a1')).toBe(true);
    expect(idMatches(id, '3a137b7d89')).toBe(true);
    expect(idMatches(id, '3a2')).toBe(false);
  });
});
