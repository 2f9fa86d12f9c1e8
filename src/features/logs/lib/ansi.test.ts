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

  it('ignores a truecolor sequence missing components', () => {
    expect(parseAnsi(`${E}[38;2;10mA`)).toEqual([{ text: 'A', style: {} }]);
  });
});
