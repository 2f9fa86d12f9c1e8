import { describe, expect, it } from 'vitest';
import { goQuote } from '../../http/go-strconv.ts';
import { isValidMetaKey, validateMetaRequest } from './validate.ts';

describe('metadata key validation', () => {
  it.each(['a', '_a', 'a.b', 'a-b', 'a_b1', 'rack.zone-1', 'déjà', 'a.b.c', '_', 'A-'])('accepts %s', (key) => {
    expect(isValidMetaKey(key)).toBe(true);
  });

  it.each(['', 'a..b', '.a', 'a.', '1abc', 'a b', 'a/b', '-a', 'a.1b', 'a:b', 'a$'])('refuses %j', (key) => {
    expect(isValidMetaKey(key)).toBe(false);
  });

  it('gives Nomad’s texts, in the order Nomad checks', () => {
    expect(validateMetaRequest(undefined)).toBe('missing required Meta object');
    expect(validateMetaRequest({})).toBe('missing required Meta object');
    expect(validateMetaRequest({ '': 'x' })).toBe('metadata keys must not be empty');
    expect(validateMetaRequest({ 'a..b': 'x' })).toBe(
      '"a..b" is invalid; metadata keys must be valid dotted hcl identifiers',
    );
    expect(validateMetaRequest({ ok: 'x', gone: null })).toBeUndefined();
  });

  it('quotes keys like Go’s %q', () => {
    expect(goQuote('a "b"\\')).toBe('"a \\"b\\"\\\\"');
    expect(goQuote('tab\there\n')).toBe('"tab\\there\\n"');
    expect(goQuote('\u0001')).toBe('"\\x01"');
    expect(goQuote('déjà')).toBe('"déjà"');
  });
});
