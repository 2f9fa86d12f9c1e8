import { describe, expect, it } from 'vitest';
import { compareBytewise, encodeNomadJson, goStdlib, wantsPretty } from './json.ts';

describe('encodeNomadJson', () => {
  it('sorts struct keys byte-wise at every depth, including inside arrays', () => {
    const body = encodeNomadJson({ b: 1, a: { z: true, Z: false }, C: [{ y: 1, x: 2 }] });
    expect(body).toBe('{"C":[{"x":2,"y":1}],"a":{"Z":false,"z":true},"b":1}');
  });

  it('keeps null for nil values, [] for empty lists, and drops undefined (omitempty) keys', () => {
    expect(encodeNomadJson({ Meta: null, Tags: [], Missing: undefined, Empty: {} })).toBe(
      '{"Empty":{},"Meta":null,"Tags":[]}',
    );
    expect(encodeNomadJson([])).toBe('[]');
    expect(encodeNomadJson([undefined, null])).toBe('[null,null]');
  });

  it('writes <>& as-is (go-msgpack HTMLCharsAsIs) but escapes U+2028/U+2029', () => {
    expect(encodeNomadJson({ Rules: 'a <b> & c\u2028' })).toBe('{"Rules":"a <b> & c\\u2028"}');
  });

  it('escapes control characters like Go', () => {
    expect(encodeNomadJson('tab\there\nnul\u0000')).toBe('"tab\\there\\nnul\\u0000"');
  });

  it('encodes bytes as padded base64 and bigints as plain integers', () => {
    expect(encodeNomadJson({ Hash: new Uint8Array([1, 2, 3, 4]), T: 1700000000123456789n })).toBe(
      '{"Hash":"AQIDBA==","T":1700000000123456789}',
    );
  });

  it('has no trailing newline unless pretty, and pretty indents with 4 spaces', () => {
    expect(encodeNomadJson({ a: 1 }).endsWith('\n')).toBe(false);
    expect(encodeNomadJson({ b: [1, 2], a: {}, c: [] }, true)).toBe(
      '{\n    "a": {},\n    "b": [\n        1,\n        2\n    ],\n    "c": []\n}\n',
    );
  });

  it('encodes a stdlib-marked object in declaration order with HTML escaping', () => {
    const token = goStdlib({ ExpirationTTL: '', AccessorID: 'a', Name: '<ops> & co', Roles: [{ ID: '1', Name: 'r' }] });
    expect(encodeNomadJson({ z: 1, token })).toBe(
      '{"token":{"ExpirationTTL":"","AccessorID":"a","Name":"\\u003cops\\u003e \\u0026 co","Roles":[{"ID":"1","Name":"r"}]},"z":1}',
    );
  });

  it('refuses values Go cannot encode', () => {
    expect(() => encodeNomadJson({ x: Number.NaN })).toThrow(/unsupported value/);
  });
});

describe('compareBytewise', () => {
  it('orders by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (F0 ...), although its UTF-16
    // unit 0xFF5E is above the surrogate 0xD83D.
    expect(['\u{1F600}', '\uFF5E'].sort(compareBytewise)).toEqual(['\uFF5E', '\u{1F600}']);
    expect(['b', 'B', 'a', 'A_'].sort(compareBytewise)).toEqual(['A_', 'B', 'a', 'b']);
  });
});

describe('wantsPretty', () => {
  it.each([
    ['?pretty', true],
    ['?pretty=', true],
    ['?pretty=1', true],
    ['?pretty=false', true],
    ['?pretty=0', false],
    ['', false],
  ])('%s → %s', (search, expected) => {
    expect(wantsPretty(new URL(`http://x/v1/jobs${search}`))).toBe(expected);
  });
});
