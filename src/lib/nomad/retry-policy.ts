/**
 * When to retry a failed Nomad request, and how long to wait. 4xx answers are final (a
 * 403 stays a 403 until the token changes); network failures and 5xx may heal.
 */
import { isAbortError, isNomadError } from './nomad-error.ts';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;

/** Worth retrying: the same request may well succeed later. */
export function isTransientError(error: unknown): boolean {
  if (isAbortError(error)) return false;
  if (!isNomadError(error)) return true; // network failure
  return error.status >= 500 || error.status === 408 || error.status === 429;
}

/**
 * Delay before retry number `failureCount` (0-based, as TanStack counts): 1 s, 2 s, 4 s …
 * capped at 30 s, with ±20 % jitter so many tabs do not retry in lockstep.
 */
export function backoffDelay(failureCount: number, _error?: unknown, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failureCount));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Default for one-shot queries: a couple of retries for transient failures, none for 4xx. */
export function retryDefault(failureCount: number, error: unknown): boolean {
  return failureCount < 2 && isTransientError(error);
}

/** Live lists keep retrying transient failures for as long as they are on screen. */
export function retryBlocking(_failureCount: number, error: unknown): boolean {
  return isTransientError(error);
}

/** How often a one-shot read that ended on a transient failure tries again by itself. */
export const RECHECK_AFTER_FAILURE_MS = 5_000;

interface SettledQuery {
  state: { status: 'pending' | 'success' | 'error'; error: unknown };
}

/**
 * `refetchInterval` for one-shot reads: once the retries are spent on a transient failure
 * (Nomad down, no leader, a proxy's 502), keep checking every few seconds so the page
 * recovers by itself when Nomad does, while it shows the error. Final errors (4xx) and
 * successful reads are left alone.
 */
export function recheckAfterTransientFailure(query: SettledQuery): number | false {
  return query.state.status === 'error' && isTransientError(query.state.error) ? RECHECK_AFTER_FAILURE_MS : false;
}
