import { describe, expect, it } from 'vitest';
import { formatGoDuration, nanosToMillis, parseGoDuration } from './duration.ts';

const S = 1_000_000_000n;

describe('parseGoDuration', () => {
  it.each([
    ['30s', 30n * S],
    ['5m', 300n * S],
    ['300000ms', 300n * S],
    ['1m30s', 90n * S],
    ['1.5h', 5400n * S],
    ['.5s', S / 2n],
    ['100us', 100_000n],
    ['100µs', 100_000n],
    ['100μs', 100_000n],
    ['10ns', 10n],
    ['-2s', -2n * S],
    ['+2s', 2n * S],
    ['0', 0n],
    ['-0', 0n],
  ])('%s', (input, expected) => {
    expect(parseGoDuration(input)).toBe(expected);
  });

  it.each([
    ['30', 'missing unit'],
    ['', 'invalid duration'],
    ['s', 'invalid duration'],
    ['.s', 'invalid duration'],
    ['5 m', 'unknown unit'],
    ['3d', 'unknown unit "d"'],
    ['1x2s', 'unknown unit "x"'],
    ['9999999999999999999h', 'invalid duration'],
  ])('rejects %s', (input, message) => {
    expect(() => parseGoDuration(input)).toThrow(message);
  });
});

describe('formatGoDuration', () => {
  it.each([
    [0n, '0s'],
    [3600n * S, '1h0m0s'],
    [90n * S, '1m30s'],
    [1500_000_000n, '1.5s'],
    [100_000_000n, '100ms'],
    [1_500n, '1.5µs'],
    [999n, '999ns'],
    [720n * 3600n * S, '720h0m0s'],
    [-90n * S, '-1m30s'],
  ])('%s → %s', (ns, expected) => {
    expect(formatGoDuration(ns)).toBe(expected);
  });
});

describe('nanosToMillis', () => {
  it('rounds up so that a tiny positive wait still waits, and keeps 0 for non-positive', () => {
    expect(nanosToMillis(1n)).toBe(1);
    expect(nanosToMillis(100_000_000n)).toBe(100);
    expect(nanosToMillis(0n)).toBe(0);
    expect(nanosToMillis(-5n)).toBe(0);
  });
});
