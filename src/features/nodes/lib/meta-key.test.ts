import { describe, expect, it } from 'vitest';
import { goQuote, metaKeyError } from './meta-key.ts';

const invalid = (k: string) => `${goQuote(k)} is invalid; metadata keys must be valid dotted hcl identifiers`;

describe('metaKeyError (nomad-api.md §6)', () => {
  it.each([
    'rack',
    'rack_1',
    '_private',
    'a-b',
    'team.owner',
    'a.b.c',
    'k8s-zone.eu_west-1',
    'ünïcode',
    'x.y-z_9',
    'A',
    '日本',
  ])('accepts %j', (key) => expect(metaKeyError(key)).toBeUndefined());

  it.each(['a..b', '.a', 'a.', '1abc', 'a b', 'a/b', '-a', 'a.1b', 'a:b', 'a=b', '.', 'a.-b', 'ключ key'])(
    "refuses %j with Nomad's message",
    (key) => expect(metaKeyError(key)).toBe(invalid(key)),
  );

  it('refuses the empty key with its own message', () => {
    expect(metaKeyError('')).toBe('metadata keys must not be empty');
  });

  it('quotes like Go %q', () => {
    expect(invalid('a b')).toBe('"a b" is invalid; metadata keys must be valid dotted hcl identifiers');
    expect(goQuote('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
    expect(goQuote('tab\there\n')).toBe('"tab\\there\\n"');
    expect(goQuote('\u0001')).toBe('"\\x01"');
    expect(goQuote('é')).toBe('"é"');
  });
});
