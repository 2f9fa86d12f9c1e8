/**
 * Go's time.ParseDuration and Duration.String, which Nomad uses for `?wait=` and for the
 * ACL token's `ExpirationTTL`. Durations are carried as nanoseconds in a bigint so the
 * full int64 range and Go's overflow errors are reproduced exactly.
 */

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_INT64 = (1n << 63n) - 1n;

export class DurationError extends Error {
  override name = 'DurationError';
}

function quote(s: string): string {
  return JSON.stringify(s);
}

/** Parses a Go duration string such as `30s`, `1m30s`, `300000ms`, `1.5h`; returns nanoseconds. */
export function parseGoDuration(input: string): bigint {
  let s = input;
  let negative = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  // Go special-cases a bare "0"; every other number needs a unit.
  if (s === '0') return 0n;
  if (s === '') throw new DurationError(`time: invalid duration ${quote(input)}`);
  let total = 0n;
  while (s !== '') {
    const num = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    const whole = num[1] ?? '';
    const frac = num[2];
    if (whole === '' && (frac === undefined || frac === '')) {
      throw new DurationError(`time: invalid duration ${quote(input)}`);
    }
    s = s.slice(num[0].length);
    const unitMatch = /^[^0-9.]*/.exec(s)!;
    const unitName = unitMatch[0];
    if (unitName === '') throw new DurationError(`time: missing unit in duration ${quote(input)}`);
    const unit = UNITS[unitName];
    if (unit === undefined) {
      throw new DurationError(`time: unknown unit ${quote(unitName)} in duration ${quote(input)}`);
    }
    s = s.slice(unitName.length);
    let value = BigInt(whole === '' ? '0' : whole) * unit;
    if (frac) {
      // Go scales the fraction and truncates towards zero.
      value += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    }
    total += value;
    if (total > MAX_INT64 + (negative ? 1n : 0n)) throw new DurationError(`time: invalid duration ${quote(input)}`);
  }
  return negative ? -total : total;
}

function fmtFrac(v: bigint, digits: number): { rest: bigint; text: string } {
  // Mirrors Go's fmtFrac: print the fractional digits without trailing zeros.
  let text = '';
  let printed = false;
  let rest = v;
  for (let i = 0; i < digits; i++) {
    const digit = rest % 10n;
    printed = printed || digit !== 0n;
    if (printed) text = digit.toString() + text;
    rest /= 10n;
  }
  return { rest, text: printed ? `.${text}` : '' };
}

/** Go's Duration.String(): `1h0m0s`, `1m30s`, `1.5s`, `100ms`, `0s`. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    // Sub-second: pick ns, µs or ms like Go does.
    let digits: number;
    let unit: string;
    if (u < 1_000n) return `${neg ? '-' : ''}${u}ns`;
    if (u < 1_000_000n) {
      digits = 3;
      unit = 'µs';
    } else {
      digits = 6;
      unit = 'ms';
    }
    const f = fmtFrac(u, digits);
    out = `${f.rest}${f.text}${unit}`;
  } else {
    const f = fmtFrac(u, 9);
    u = f.rest;
    out = `${u % 60n}${f.text}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** Nanoseconds to whole milliseconds (rounded up so a 1ns wait still waits). */
export function nanosToMillis(ns: bigint): number {
  if (ns <= 0n) return 0;
  return Number((ns + 999_999n) / 1_000_000n);
}
