import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePoint } from '../../../testing/chunks';
import { joinArgv, splitArgv } from './argv';

// Words full of what a shell treats specially: quotes, backslashes, blanks, newlines, `$`.
const shellish = fc
  .array(fc.oneof(codePoint, fc.constantFrom("'", '"', '\\', ' ', '\t', '\n', '$', '`', '*', '#', ';')), {
    maxLength: 12,
  })
  .map((cs) => cs.join(''));

describe('splitArgv / joinArgv properties', () => {
  it('never throws on any line', () => {
    fc.assert(
      fc.property(shellish, (line) => {
        const r = splitArgv(line);
        if (r.ok) expect(r.argv.length).toBeGreaterThan(0);
        else expect(r.error).toMatch(/\S/);
      }),
      { numRuns: 150 },
    );
  });

  it('splits what joinArgv wrote back into the same argv (empty and odd words included)', () => {
    fc.assert(
      fc.property(fc.array(shellish, { minLength: 1, maxLength: 6 }), (argv) => {
        expect(splitArgv(joinArgv(argv))).toEqual({ ok: true, argv });
      }),
      { numRuns: 150 },
    );
  });

  it('splits a line without quotes or backslashes at blanks, like a shell', () => {
    const plain = fc
      .array(fc.oneof(codePoint, fc.constantFrom(' ', '\t', '\n')), { maxLength: 20 })
      .map((cs) => cs.join('').replace(/['"\\]/g, ''));
    fc.assert(
      fc.property(plain, (line) => {
        const words = line.split(/[ \t\n]+/).filter((w) => w !== '');
        expect(splitArgv(line)).toEqual(
          words.length > 0 ? { ok: true, argv: words } : { ok: false, error: expect.any(String) as unknown },
        );
      }),
    );
  });

  it('keeps everything inside single quotes literally', () => {
    fc.assert(
      fc.property(
        shellish.map((s) => s.replace(/'/g, '')),
        (s) => {
          expect(splitArgv(`cmd '${s}'`)).toEqual({ ok: true, argv: ['cmd', s] });
        },
      ),
    );
  });
});
