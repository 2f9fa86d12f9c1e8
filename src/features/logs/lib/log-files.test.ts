import { describe, expect, it } from 'vitest';
import { fromAbsolute, logFilesFor, toAbsolute, totalSize } from './log-files.ts';

const entries = [
  { Name: 'web.stdout.10', Size: 5, IsDir: false },
  { Name: 'web.stdout.2', Size: 100, IsDir: false },
  { Name: 'web.stdout.9', Size: 50, IsDir: false },
  { Name: 'web.stderr.0', Size: 7, IsDir: false },
  { Name: 'web.stdout.x', Size: 1, IsDir: false },
  { Name: 'sidecar.stdout.0', Size: 3, IsDir: false },
  { Name: 'web.stdout.11', Size: 0, IsDir: true },
];

describe('log file arithmetic', () => {
  const files = logFilesFor(entries, 'web', 'stdout');

  it('orders rotated files numerically and ignores the rest', () => {
    expect(files.map((f) => f.name)).toEqual(['web.stdout.2', 'web.stdout.9', 'web.stdout.10']);
    expect(totalSize(files)).toBe(155);
  });

  it('turns an in-file offset into an offset across rotations and back', () => {
    expect(toAbsolute(files, 'alloc/logs/web.stdout.2', 40)).toBe(40);
    expect(toAbsolute(files, 'alloc/logs/web.stdout.9', 50)).toBe(150);
    expect(toAbsolute(files, 'web.stdout.10', 3)).toBe(153);
    expect(toAbsolute(files, 'web.stdout.1', 3)).toBeUndefined();
    expect(fromAbsolute(files, 0)).toEqual({ name: 'web.stdout.2', offset: 0 });
    expect(fromAbsolute(files, 100)).toEqual({ name: 'web.stdout.9', offset: 0 });
    expect(fromAbsolute(files, 153)).toEqual({ name: 'web.stdout.10', offset: 3 });
    expect(fromAbsolute(files, 999)).toEqual({ name: 'web.stdout.10', offset: 5 });
    for (let abs = 0; abs <= 155; abs++) {
      const at = fromAbsolute(files, abs)!;
      // The end of one file and the start of the next are the same position.
      expect(toAbsolute(files, at.name, at.offset)).toBe(abs);
    }
  });
});
