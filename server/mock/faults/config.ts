/**
 * The fault configuration of `PUT /__mock/faults` and `--faults '<json>'` (see
 * /work/briefs/r3/faults-contract.md): parsed strictly, so a typo in a chaos test fails
 * loudly with the field's name instead of silently injecting nothing.
 */

export type ErrorKind = '500' | '502' | '503' | 'no-leader';
export const ERROR_KINDS: readonly ErrorKind[] = ['500', '502', '503', 'no-leader'];

export type Range = readonly [number, number];

export interface FaultConfig {
  seed: number;
  /** Path prefixes the faults apply to; /__mock/* is never faulted. */
  paths: readonly string[];
  latency?: { ms: number; jitterMs: number };
  errors?: { rate: number; kinds: readonly ErrorKind[] };
  drop?: { rate: number; afterBytes: Range; dropEveryMs?: Range };
  stall?: { rate: number; afterBytes: Range; ms: number };
  drip?: { rate: number; maxDelayMs: number; bytes: number; afterBytes: Range };
  split?: { rate: number };
  garble?: { rate: number };
}

export class FaultConfigError extends Error {
  override name = 'FaultConfigError';
}

const TOP_LEVEL = ['seed', 'paths', 'latency', 'errors', 'drop', 'stall', 'drip', 'split', 'garble'] as const;
const MAX_MS = 3_600_000;
const MAX_BYTES = 1 << 30;

function fail(message: string): never {
  throw new FaultConfigError(message);
}

function object(value: unknown, field: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${field} must be a JSON object`);
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) fail(`${field}.${key} is not a fault setting (allowed: ${allowed.join(', ')})`);
  }
  return o;
}

function rate(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    fail(`${field} must be a probability from 0 to 1`);
  }
  return value;
}

function whole(value: unknown, field: string, max: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    fail(`${field} must be a whole number from 0 to ${max}`);
  }
  return value;
}

function range(value: unknown, field: string, max: number, fallback: Range): Range {
  if (value === undefined) return fallback;
  if (typeof value === 'number') {
    const n = whole(value, field, max);
    return [n, n];
  }
  if (!Array.isArray(value) || value.length !== 2) fail(`${field} must be [min, max] (or one number)`);
  const lo = whole(value[0], `${field}[0]`, max);
  const hi = whole(value[1], `${field}[1]`, max);
  if (lo > hi) fail(`${field} must be [min, max] with min ≤ max`);
  return [lo, hi];
}

/** Parses and validates a fault configuration; throws FaultConfigError naming the bad field. */
export function parseFaultConfig(raw: unknown): FaultConfig {
  const o = object(raw, 'faults', TOP_LEVEL);
  const config: FaultConfig = {
    seed: whole(o.seed, 'seed', 2 ** 32 - 1, 1),
    paths: ['/v1/'],
  };
  if (o.paths !== undefined) {
    if (!Array.isArray(o.paths) || o.paths.length === 0) fail('paths must be a non-empty array of path prefixes');
    config.paths = o.paths.map((p, i) => {
      if (typeof p !== 'string' || !p.startsWith('/')) fail(`paths[${i}] must be a path prefix starting with "/"`);
      return p;
    });
  }
  if (o.latency !== undefined) {
    const l = object(o.latency, 'latency', ['ms', 'jitterMs']);
    config.latency = {
      ms: whole(l.ms, 'latency.ms', MAX_MS, 0),
      jitterMs: whole(l.jitterMs, 'latency.jitterMs', MAX_MS, 0),
    };
  }
  if (o.errors !== undefined) {
    const e = object(o.errors, 'errors', ['rate', 'kinds']);
    let kinds: readonly ErrorKind[] = ERROR_KINDS;
    if (e.kinds !== undefined) {
      if (!Array.isArray(e.kinds) || e.kinds.length === 0)
        fail(`errors.kinds must be a non-empty array of ${ERROR_KINDS.join(', ')}`);
      kinds = e.kinds.map((k, i) => {
        const found = ERROR_KINDS.find((x) => x === k);
        if (found === undefined) fail(`errors.kinds[${i}] must be one of ${ERROR_KINDS.join(', ')}`);
        return found;
      });
    }
    config.errors = { rate: rate(e.rate, 'errors.rate'), kinds };
  }
  if (o.drop !== undefined) {
    const d = object(o.drop, 'drop', ['rate', 'afterBytes', 'dropEveryMs']);
    config.drop = {
      rate: rate(d.rate ?? 0, 'drop.rate'),
      afterBytes: range(d.afterBytes, 'drop.afterBytes', MAX_BYTES, [0, 65_536]),
      ...(d.dropEveryMs !== undefined ? { dropEveryMs: range(d.dropEveryMs, 'drop.dropEveryMs', MAX_MS, [0, 0]) } : {}),
    };
    if (config.drop.dropEveryMs && config.drop.dropEveryMs[1] < 1) fail('drop.dropEveryMs must allow at least 1 ms');
  }
  if (o.stall !== undefined) {
    const s = object(o.stall, 'stall', ['rate', 'afterBytes', 'ms']);
    config.stall = {
      rate: rate(s.rate, 'stall.rate'),
      afterBytes: range(s.afterBytes, 'stall.afterBytes', MAX_BYTES, [0, 65_536]),
      ms: whole(s.ms, 'stall.ms', MAX_MS, 0),
    };
  }
  if (o.drip !== undefined) {
    const d = object(o.drip, 'drip', ['rate', 'maxDelayMs', 'bytes', 'afterBytes']);
    config.drip = {
      rate: rate(d.rate, 'drip.rate'),
      maxDelayMs: whole(d.maxDelayMs, 'drip.maxDelayMs', 10_000, 20),
      bytes: whole(d.bytes, 'drip.bytes', 1 << 20, 4096),
      afterBytes: range(d.afterBytes, 'drip.afterBytes', MAX_BYTES, [0, 0]),
    };
  }
  if (o.split !== undefined) config.split = { rate: rate(object(o.split, 'split', ['rate']).rate, 'split.rate') };
  if (o.garble !== undefined) config.garble = { rate: rate(object(o.garble, 'garble', ['rate']).rate, 'garble.rate') };
  return config;
}

/** The configuration as JSON (what GET answers), fields in a stable order. */
export function faultConfigJson(config: FaultConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { seed: config.seed, paths: config.paths };
  for (const key of ['latency', 'errors', 'drop', 'stall', 'drip', 'split', 'garble'] as const) {
    if (config[key] !== undefined) out[key] = config[key];
  }
  return out;
}
