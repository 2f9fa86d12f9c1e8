import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, cutsArb, nastyBytes, splitAt, unicodeText, utf8 } from '../../../testing/chunks';
import { LineSplitter } from './line-buffer';

function split(chunks: readonly Uint8Array[]): { lines: string[]; pending: string } {
  const s = new LineSplitter();
  const lines = chunks.flatMap((c) => s.push(c));
  return { lines, pending: s.pending };
}

// Log output: text with CRLF and LF line ends, and bytes that are not UTF-8 at all.
const logBytes = fc
  .array(fc.oneof(unicodeText(30).map(utf8), fc.constantFrom(utf8('\n'), utf8('\r\n'), utf8('\r')), nastyBytes(12)), {
    maxLength: 12,
  })
  .map(concatBytes);

describe('LineSplitter properties', () => {
  it('gives the same lines (and pending tail) whatever chunks the bytes arrive in', () => {
    fc.assert(
      fc.property(logBytes, cutsArb(), (bytes, cuts) => {
        expect(split(splitAt(bytes, cuts))).toEqual(split([bytes]));
      }),
      { numRuns: 120 },
    );
  });

  it('gives one line per newline byte, even inside broken UTF-8, so no line swallows the next', () => {
    fc.assert(
      fc.property(logBytes, cutsArb(), (bytes, cuts) => {
        const { lines, pending } = split(splitAt(bytes, cuts));
        expect(lines.length).toBe(bytes.filter((b) => b === 0x0a).length);
        for (const line of [...lines, pending]) expect(line).not.toContain('\n');
      }),
      { numRuns: 120 },
    );
  });
});
