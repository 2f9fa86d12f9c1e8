import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRelative, nanosToMs } from './format-time.ts';

const now = Date.UTC(2025, 0, 10, 12, 0, 0);
const ago = (s: number) => now - s * 1000;

describe('formatRelative', () => {
  it.each([
    [2, 'just now'],
    [12, '12s ago'],
    [59, '59s ago'],
    [60, '1m ago'],
    [87 * 60, '1h ago'],
    [23 * 3600 + 3599, '23h ago'],
    [3 * 86400, '3d ago'],
    [-4 * 3600, 'in 4h'],
  ])('%i seconds ago reads %s', (seconds, text) => {
    expect(formatRelative(ago(seconds), now)).toBe(text);
  });

  it('falls back to a date for old timestamps', () => {
    expect(formatRelative(ago(100 * 86400), now)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('nanosToMs / formatDateTime', () => {
  it('converts Nomad UnixNano and formats to the second', () => {
    // Real SubmitTimes exceed 2^53, as they do after JSON.parse; the error stays far below a millisecond.
    const ms = nanosToMs(Number('1700000000123456789'));
    expect(Math.abs(ms - 1_700_000_000_123)).toBeLessThan(2);
    expect(formatDateTime(ms)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});
