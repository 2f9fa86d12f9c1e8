/**
 * What a live (blocking-query) view should say about its freshness, derived from a
 * TanStack query result so every page tells the same story.
 */

export type LiveState =
  /** First answer not in yet. */
  | 'connecting'
  /** Up to date: the last request succeeded and the next one is waiting for changes. */
  | 'live'
  /** The last request failed and is being retried; what is shown may be out of date. */
  | 'retrying'
  /** Waiting for the network to come back (TanStack's `paused`). */
  | 'paused'
  /** Failed in a way retrying will not fix (403, 404…); the view is frozen. */
  | 'stopped';

export interface LiveStatus {
  state: LiveState;
  /** Time of the last successful answer (ms since epoch), or null if there was none. */
  lastUpdatedAt: number | null;
  /** The failure behind `retrying` or `stopped`. */
  error: Error | null;
}

export interface LiveQueryResult {
  status: 'pending' | 'success' | 'error';
  fetchStatus: 'fetching' | 'paused' | 'idle';
  failureCount: number;
  failureReason: Error | null;
  error: Error | null;
  dataUpdatedAt: number;
}

export function liveStatus(q: LiveQueryResult): LiveStatus {
  const lastUpdatedAt = q.dataUpdatedAt > 0 ? q.dataUpdatedAt : null;
  if (q.status === 'error' && q.fetchStatus === 'idle') return { state: 'stopped', lastUpdatedAt, error: q.error };
  if (q.fetchStatus === 'paused') return { state: 'paused', lastUpdatedAt, error: q.failureReason };
  if (q.failureCount > 0 && q.failureReason) return { state: 'retrying', lastUpdatedAt, error: q.failureReason };
  // `error` while fetching: a manual retry after a stop is reconnecting, not live yet.
  if (q.status !== 'success') return { state: 'connecting', lastUpdatedAt, error: null };
  return { state: 'live', lastUpdatedAt, error: null };
}
