/**
 * The common query options of Nomad's `parse()` (command/agent/http.go), in its order:
 * `stale`, `prefix`, `namespace`, pagination (`per_page`, `next_token`), `filter`,
 * `reverse`, then `wait` and `index`. Bad values are 400s with Nomad's exact texts.
 */
import { badRequest } from './errors.ts';
import { DurationError, nanosToMillis, parseGoDuration } from './duration.ts';
import { goQuote } from './go-strconv.ts';

export interface QueryOptions {
  region: string;
  namespace: string;
  prefix: string;
  filter: string;
  perPage: number;
  nextToken: string;
  reverse: boolean;
  stale: boolean;
  /** `?index=`: 0 means "do not block". */
  minIndex: number;
  /** `?wait=` in milliseconds; undefined when absent (the server default applies). */
  waitMs: number | undefined;
}

/** Go's strconv.ParseBool. */
export function parseGoBool(raw: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  return undefined;
}

/**
 * Nomad's `parseBool` for flags such as `meta`, `resources`, `task_states`: absent or
 * empty → undefined; a bad value is a 500 (not a 400) with Go's error text.
 */
export function parseBoolFlag(url: URL, name: string): boolean | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  const value = parseGoBool(raw);
  if (value === undefined) {
    throw new Error(
      `Failed to parse value of "${name}" (${raw}) as a bool: strconv.ParseBool: parsing ${goQuote(raw)}: invalid syntax`,
    );
  }
  return value;
}

const MAX_UINT64 = (1n << 64n) - 1n;

export function parseQueryOptions(url: URL, defaultRegion = 'global'): QueryOptions {
  const q = url.searchParams;
  let stale = false;
  if (q.has('stale')) {
    const raw = q.get('stale') ?? '';
    const parsed = raw === '' ? true : parseGoBool(raw);
    if (parsed === undefined) throw badRequest('Expect `true` or `false` for `stale` query string parameter');
    stale = parsed;
  }
  let perPage = 0;
  const rawPerPage = q.get('per_page') ?? '';
  if (rawPerPage !== '') {
    const n = /^[+-]?[0-9]+$/.test(rawPerPage) ? Number(rawPerPage) : NaN;
    if (!Number.isSafeInteger(n) || n > 2 ** 31 - 1 || n < -(2 ** 31)) {
      throw badRequest('Expect a number for `per_page` query string parameter');
    }
    perPage = n;
  }
  let waitMs: number | undefined;
  const rawWait = q.get('wait') ?? '';
  if (rawWait !== '') {
    try {
      waitMs = nanosToMillis(parseGoDuration(rawWait));
    } catch (err) {
      if (err instanceof DurationError) throw badRequest('Invalid wait time');
      throw err;
    }
  }
  let minIndex = 0;
  const rawIndex = q.get('index') ?? '';
  if (rawIndex !== '') {
    if (!/^[0-9]+$/.test(rawIndex) || BigInt(rawIndex) > MAX_UINT64) throw badRequest('Invalid index');
    minIndex = Number(rawIndex);
  }
  return {
    region: q.get('region') || defaultRegion,
    namespace: q.get('namespace') || 'default',
    prefix: q.get('prefix') ?? '',
    filter: q.get('filter') ?? '',
    perPage,
    nextToken: q.get('next_token') ?? '',
    reverse: q.get('reverse') === 'true',
    stale,
    minIndex,
    waitMs,
  };
}
