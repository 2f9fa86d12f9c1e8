import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePoint } from '../../../testing/chunks';
import { parseAnsi, stripAnsi } from './ansi';

const ESC = '\u001b';
const BEL = '\u0007';
const plain = fc.array(codePoint, { maxLength: 12 }).map((cs) => cs.join('').replaceAll(ESC, ''));
const num = fc.oneof(fc.nat(300), fc.constantFrom(999999999999, 38, 48, 5, 2));
/** Complete escape sequences: SGR (sane and absurd), other CSI, OSC titles and links. */
const sequence = fc.oneof(
  fc.array(num, { maxLength: 6 }).map((ps) => `${ESC}[${ps.join(';')}m`),
  fc.tuple(fc.nat(99), fc.constantFrom('A', 'B', 'H', 'J', 'K', 'h')).map(([n, f]) => `${ESC}[${n}${f}`),
  fc.constantFrom(
    `${ESC}[?25l`,
    `${ESC}[2J`,
    `${ESC}(B`,
    `${ESC}(B${ESC}[m`,
    `${ESC}#8`,
    `${ESC}7`,
    `${ESC}[38;5m`,
    `${ESC}[38;2;1m`,
  ),
  plain.map((t) => `${ESC}P+q${t.replaceAll(BEL, '')}${ESC}\\`),
  plain.map((t) => `${ESC}]0;${t.replaceAll(BEL, '')}\u0007`),
  plain.map((t) => `${ESC}]8;;https://x/${t.replaceAll(BEL, '')}${ESC}\\`),
);

const COLOR = /^#[0-9a-f]{6}$/;

describe('parseAnsi properties', () => {
  it('removes complete escape sequences and keeps all the text around them', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(plain, sequence), { maxLength: 8 }), plain, (pairs, last) => {
        const line = pairs.map(([t, s]) => t + s).join('') + last;
        expect(stripAnsi(line)).toBe(pairs.map(([t]) => t).join('') + last);
      }),
      { numRuns: 150 },
    );
  });

  it('never throws on garbage, never lets ESC through, and only yields safe colour values', () => {
    const garbage = fc
      .array(fc.oneof(codePoint, fc.constantFrom(ESC, '[', ']', ';', 'm', '38', '48', '5', '2', '\u0007', '\\')), {
        maxLength: 40,
      })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(garbage, (line) => {
        const segments = parseAnsi(line);
        for (const s of segments) {
          expect(s.text).not.toBe('');
          expect(s.text).not.toContain(ESC);
          for (const c of [s.style.fg, s.style.bg]) if (c !== undefined) expect(c).toMatch(COLOR);
        }
        expect(segments.map((s) => s.text).join('')).toBe(stripAnsi(line));
        expect(stripAnsi(line).length).toBeLessThanOrEqual(line.length);
      }),
      { numRuns: 150 },
    );
  });

  it('leaves text without ESC untouched', () => {
    fc.assert(
      fc.property(plain, (t) => {
        expect(parseAnsi(t)).toEqual(t === '' ? [] : [{ text: t, style: {} }]);
      }),
    );
  });

  it('resets every style at `ESC[0m`', () => {
    fc.assert(
      fc.property(
        fc.array(sequence, { maxLength: 5 }),
        plain.filter((t) => t !== ''),
        (seqs, t) => {
          const segments = parseAnsi(`${seqs.join('')}x${ESC}[0m${t}`);
          expect(segments.at(-1)).toEqual({ text: t, style: {} });
        },
      ),
    );
  });

  it('handles a 1 MB line full of escapes quickly', () => {
    const line = `${ESC}[1;31mred${ESC}[0m `.repeat(60_000) + `${ESC}]0;${'t'.repeat(200_000)}`;
    const started = performance.now();
    expect(stripAnsi(line)).toBe('red '.repeat(60_000));
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
