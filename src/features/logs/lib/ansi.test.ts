import { describe, expect, it } from 'vitest';
import { color256, parseAnsi, stripAnsi } from './ansi.ts';

const E = '\u001b';

describe('parseAnsi', () => {
  it('returns plain text as one unstyled segment', () => {
    expect(parseAnsi('hello')).toEqual([{ text: 'hello', style: {} }]);
  });

  it('applies basic, bright and background colours, bold and underline, and resets', () => {
    const segs = parseAnsi(`${E}[1;31mERR${E}[0m ok ${E}[4;92;44mU${E}[m.`);
    expect(segs).toEqual([
      { text: 'ERR', style: { bold: true, fg: '#dc2626' } },
      { text: ' ok ', style: {} },
      { text: 'U', style: { underline: true, fg: '#4ade80', bg: '#2563eb' } },
      { text: '.', style: {} },
    ]);
  });

  it('handles 256-colour and truecolor', () => {
    expect(parseAnsi(`${E}[38;5;196mA${E}[48;2;1;2;255mB`)).toEqual([
      { text: 'A', style: { fg: '#ff0000' } },
      { text: 'B', style: { fg: '#ff0000', bg: '#0102ff' } },
    ]);
    expect(color256(232)).toBe('#080808');
    expect(color256(256)).toBeUndefined();
  });

  it('turns attributes off individually', () => {
    expect(parseAnsi(`${E}[1;4mA${E}[22mB${E}[24mC`)).toEqual([
      { text: 'A', style: { bold: true, underline: true } },
      { text: 'B', style: { underline: true } },
      { text: 'C', style: {} },
    ]);
  });

  it('drops non-SGR and malformed sequences without losing the text around them', () => {
    expect(stripAnsi(`a${E}[2Kb${E}]0;title\u0007c${E}[38;5mX${E}[`)).toBe('abcX');
    expect(stripAnsi(`x${E}[12;`)).toBe('x');
    expect(stripAnsi(`x${E}`)).toBe('x');
    expect(stripAnsi(`${E}[31;xmred`)).toBe('mred'); // `x` is a final byte: the CSI ends there
  });

  it('strips exactly the text parseAnsi keeps, for random mixes of text and escapes', () => {
    const parts = ['a', 'é', '🚀', E, `${E}[`, '[', '31', ';', 'm', 'K', ']', '\u0007', '\\', '5', ' '];
    let seed = 3;
    for (let n = 0; n < 2000; n++) {
      let text = '';
      for (let k = 0; k < 12; k++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        text += parts[seed % parts.length];
      }
      expect(stripAnsi(text)).toBe(
        parseAnsi(text)
          .map((s) => s.text)
          .join(''),
      );
    }
  });

  it('ignores a truecolor sequence missing components', () => {
    expect(parseAnsi(`${E}[38;2;10mA`)).toEqual([{ text: 'A', style: {} }]);
  });
});
