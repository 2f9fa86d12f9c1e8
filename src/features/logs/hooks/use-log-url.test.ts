import { describe, expect, it } from 'vitest';
import { readLogUrl, writeLogUrl } from './use-log-url.ts';

describe('log view URL state', () => {
  it('reads defaults from an empty query', () => {
    expect(readLogUrl(new URLSearchParams())).toMatchObject({
      type: 'stdout',
      query: '',
      filter: false,
      lineNumbers: true,
      wrap: false,
      offset: undefined,
      capacity: 200_000,
    });
  });

  it('round-trips every setting and leaves defaults out of the URL', () => {
    const patch = {
      type: 'both' as const,
      query: 'err(or)?',
      filter: true,
      regex: true,
      caseSensitive: true,
      invert: true,
      context: 3,
      wrap: true,
      stripAnsi: true,
      lineNumbers: false,
      timestamps: true,
      offset: 12345,
      capacity: 50_000,
    };
    const params = writeLogUrl(new URLSearchParams('namespace=prod'), patch);
    expect(readLogUrl(params)).toEqual(patch);
    expect(params.get('namespace')).toBe('prod');
    const back = writeLogUrl(params, { ...readLogUrl(new URLSearchParams()), offset: undefined });
    expect(back.toString()).toBe('namespace=prod');
  });

  it('ignores malformed numbers and bounds context and capacity', () => {
    const s = readLogUrl(new URLSearchParams('offset=-5&ctx=999&cap=10&type=nope'));
    expect(s.offset).toBeUndefined();
    expect(s.context).toBe(50);
    expect(s.capacity).toBe(1000);
    expect(s.type).toBe('stdout');
  });
});
