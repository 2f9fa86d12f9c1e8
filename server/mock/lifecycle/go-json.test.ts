import { describe, expect, it } from 'vitest';
import { decodeGoJson } from './go-json.ts';

const message = (text: string): string => {
  try {
    decodeGoJson(text);
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('request bodies decoded like json.Decoder.Decode', () => {
  it.each([
    ['   ', 'EOF'],
    ['{"Task": "web"', 'unexpected EOF'],
    ['"abc', 'unexpected EOF'],
    ['{"Task": web}', "invalid character 'w' looking for beginning of value"],
    ['{"Task": "web",}', "invalid character '}' looking for beginning of object key string"],
    ['{"Task" "web"}', "invalid character '\"' after object key"],
    ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair"],
    ['{"Task":"a\nb"}', "invalid character '\\n' in string literal"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['{"a":1}} trailing', 'ok'],
  ])('%j → %s', (text, expected) => {
    expect(message(text)).toBe(expected);
  });
});
