import { describe, expect, it } from 'vitest';
import { checkReadable, cleanRelative, FsError } from './paths.ts';
import { detectContentType } from './sniff.ts';
import { bigFileSource, BIG_FILE_LINE, BIG_FILE_SIZE, makePng } from './content.ts';

describe('paths', () => {
  it('cleans like filepath.Join and refuses escapes, including a top-level "..name"', () => {
    expect(cleanRelative('/')).toEqual([]);
    expect(cleanRelative('alloc/./logs/')).toEqual(['alloc', 'logs']);
    expect(cleanRelative('/alloc/../web/local')).toEqual(['web', 'local']);
    for (const bad of ['..', '../x', 'alloc/../../x', '..foo']) {
      expect(() => cleanRelative(bad)).toThrow('Path escapes the alloc directory');
    }
  });

  it('refuses reads under secrets and private with a case-insensitive prefix match', () => {
    const check = (p: string) => () => checkReadable('a1', cleanRelative(p), ['web'], p);
    expect(check('web/secrets/token')).toThrow('Reading secret file prohibited: web/secrets/token');
    expect(check('WEB/Secrets/x')).toThrow(FsError);
    expect(check('web/secretsX')).toThrow('Reading secret file prohibited: web/secretsX');
    expect(check('/web/private/x')).toThrow('Reading private file prohibited: /web/private/x');
    expect(check('web/local/secrets')).not.toThrow();
  });
});

describe('content', () => {
  it('sniffs like Go: PNG, text (ANSI included), binary', () => {
    expect(detectContentType(makePng(3))).toBe('image/png');
    expect(detectContentType(Buffer.from('\x1b[31mred\x1b[0m\n'))).toBe('text/plain; charset=utf-8');
    expect(detectContentType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]))).toBe('application/octet-stream');
    expect(detectContentType(Buffer.alloc(0))).toBe('text/plain; charset=utf-8');
  });

  it('generates the 200 MiB file by window, seamlessly across window edges', () => {
    const big = bigFileSource();
    expect(big.size()).toBe(BIG_FILE_SIZE);
    const whole = big.read(12_345, 1000);
    expect(Buffer.concat([big.read(12_345, 333), big.read(12_678, 667)]).equals(whole)).toBe(true);
    const tail = big.read(BIG_FILE_SIZE - BIG_FILE_LINE, 10_000).toString();
    expect(tail).toMatch(/^002097152 offset=0209715100 .*\n$/);
    expect(tail.length).toBe(BIG_FILE_LINE);
  });
});
