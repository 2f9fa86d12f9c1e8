import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExecFrame } from './exec-frame';

const toB64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));

describe('parseExecFrame properties', () => {
  it('never throws, whatever arrives (any text, any JSON)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (raw) => {
          const parsed = parseExecFrame(raw);
          if (!parsed.ok) expect(parsed.error).toMatch(/\S/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives back exactly the bytes and flags of a valid frame', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.boolean(),
        fc.option(fc.integer({ min: -1, max: 255 }), { nil: undefined }),
        (out, err, close, code) => {
          const frame = {
            stdout: { data: toB64(out) },
            stderr: { data: toB64(err), ...(close ? { close: true } : {}) },
            ...(code !== undefined ? { exited: true, result: { exit_code: code } } : {}),
          };
          const parsed = parseExecFrame(JSON.stringify(frame));
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          const want = [
            ...(out.length > 0 ? [{ stream: 'stdout', bytes: out, close: false }] : []),
            ...(err.length > 0 || close ? [{ stream: 'stderr', bytes: err, close }] : []),
          ];
          expect(parsed.outputs).toEqual(want);
          expect(parsed.exited).toEqual(code !== undefined ? { code } : undefined);
        },
      ),
    );
  });

  it('refuses base64 cut short instead of returning fewer bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), (bytes, n) => {
        const full = toB64(bytes);
        const cut = full.slice(0, 1 + (n % full.length));
        fc.pre(cut.length % 4 !== 0);
        const parsed = parseExecFrame(JSON.stringify({ stdout: { data: cut } }));
        expect(parsed).toEqual({ ok: false, error: expect.stringContaining('not valid base64') as unknown });
      }),
    );
  });

  it.each(['null', '42', '"x"', '[]', '{"stdout":5}', '{"stdout":{"data":7}}', '{"stdout":{"data":"@@"}}', '{"std'])(
    'reports %s as an error',
    (raw) => {
      expect(parseExecFrame(raw).ok).toBe(false);
    },
  );
});
