import { describe, expect, it } from 'vitest';
import { completeUtf8Length, decodeWindow, prettyJson } from './text-window.ts';

const enc = new TextEncoder();

describe('decodeWindow', () => {
  const file = enc.encode('line one\nzwei 日本\nthree 🚀 end\n');

  it('never garbles a character cut by a window edge, for every window start and end', () => {
    for (let a = 0; a < file.length; a++) {
      for (let b = a + 1; b <= file.length; b++) {
        const w = decodeWindow(file.subarray(a, b), a, file.length);
        const text = w.lines.join('\n');
        expect(text).not.toContain('\uFFFD');
        // What it decoded is exactly the bytes it says it covers.
        expect(enc.encode(text + (w.cutLast || w.end === file.length ? '' : '\n')).length).toBeLessThanOrEqual(
          w.end - w.start,
        );
        expect(new TextDecoder().decode(file.subarray(w.start, w.end)).startsWith(text)).toBe(true);
      }
    }
  });

  it('reports cut lines at both ends', () => {
    const w = decodeWindow(file.subarray(3, 12), 3, file.length);
    expect(w.lines).toEqual(['e one', 'zwe']);
    expect(w.cutFirst).toBe(true);
    expect(w.cutLast).toBe(true);
    const whole = decodeWindow(file, 0, file.length);
    expect(whole.lines).toEqual(['line one', 'zwei 日本', 'three 🚀 end']);
    expect(whole.cutFirst || whole.cutLast).toBe(false);
  });

  it('finds the end of complete UTF-8', () => {
    const rocket = enc.encode('a🚀');
    expect(completeUtf8Length(rocket.subarray(0, 3))).toBe(1);
    expect(completeUtf8Length(rocket)).toBe(5);
  });
});

describe('prettyJson', () => {
  it('indents valid JSON and refuses invalid', () => {
    expect(prettyJson('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(prettyJson('{nope')).toBeNull();
  });
});
