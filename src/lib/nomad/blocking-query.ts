/**
 * Live lists from Nomad's blocking queries, driven by TanStack Query.
 *
 * The cache holds `{data, index}`. Each fetch sends the index of the data it already has
 * (`?index=N&wait=5m`), so Nomad holds the request open until something changes and the
 * answer *is* the change; the first request has no index and returns at once. A short
 * `refetchInterval` starts the next request as soon as one returns (TanStack skips ticks
 * while a request is in flight). Transient failures (network, 5xx, no leader) are retried
 * forever with capped exponential backoff while the last good data stays on screen;
 * 4xx answers stop the loop and surface as the query's error. A retry asks without an
 * index, so it answers at once and the view is live again as soon as the cluster is; when
 * one view recovers, the others that are failing retry at once. Unmounting aborts the
 * in-flight request through the query's `signal`.
 */
import { queryOptions, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { apiFetch, type QueryParams } from './http.ts';
import { backoffDelay, retryBlocking } from './retry-policy.ts';

export interface Indexed<T> {
  data: T;
  /** `X-Nomad-Index` of this answer; undefined when the endpoint does not block. */
  index: number | undefined;
}

export interface BlockingQueryInput {
  /** What is being read, e.g. `['jobs', 'list']`; every request input is appended to it. */
  key: readonly unknown[];
  path: string;
  query?: QueryParams;
  namespace?: string | undefined;
  region?: string | undefined;
  /** Longest time Nomad may hold a request (Go duration; Nomad clamps to 5m). */
  wait?: string;
}

export const BLOCKING_WAIT = '5m';
/** Gap between an answer and the next request: caps the rate when something changes constantly. */
export const LOOP_GAP_MS = 250;
/** For endpoints that send no `X-Nomad-Index` a blocking request would not block: poll instead. */
export const POLL_WITHOUT_INDEX_MS = 10_000;
/**
 * Longest wait between retries of a live view. The general backoff grows to 30 s; a live
 * view is one cheap request, and after a leader election or a burst of 5xx the operator
 * should see it live again within seconds, not half a minute later.
 */
export const BLOCKING_RETRY_MAX_MS = 5_000;

/** 1 s, 2 s, 4 s, then 5 s, each ±20 % so tabs do not retry in lockstep. */
export function blockingRetryDelay(failureCount: number, error?: unknown, random: () => number = Math.random): number {
  return Math.min(
    backoffDelay(failureCount, error, random),
    Math.round(BLOCKING_RETRY_MAX_MS * (0.8 + 0.4 * random())),
  );
}

/** Marks the live views' queries, so a recovery can find the others that are still failing. */
const LIVE_META = { nomadLive: true } as const;

/**
 * One live view got an answer after failing: the cluster is back, so the other live views
 * that are waiting out a backoff try again now instead of each at its own time.
 */
function retryOtherFailingViews(client: QueryClient, self: QueryKey): void {
  const selfHash = JSON.stringify(self);
  void client.refetchQueries(
    {
      predicate: (q) =>
        q.meta?.['nomadLive'] === true &&
        q.state.fetchFailureCount > 0 &&
        q.state.data !== undefined &&
        JSON.stringify(q.queryKey) !== selfHash,
    },
    { cancelRefetch: true },
  );
}
interface LoopQuery {
  state: { status: 'pending' | 'success' | 'error'; data: Indexed<unknown> | undefined };
}

/** When to start the next request, given the query's state after the last one. */
export function loopInterval(query: LoopQuery): number | false {
  // Only non-transient errors get here (transient ones are retried inside the fetch):
  // repeating a 403 or 404 would not change the answer.
  if (query.state.status === 'error') return false;
  if (query.state.data && query.state.data.index === undefined) return POLL_WITHOUT_INDEX_MS;
  return LOOP_GAP_MS;
}

function selectData<T>(result: Indexed<T>): T {
  return result.data;
}

/**
 * Query options for a live Nomad list or object. Use with `useQuery`; the hook's `data` is
 * the payload, and `dataUpdatedAt` is the time of the last successful answer.
 */
export function blockingQueryOptions<T>(input: BlockingQueryInput) {
  const { path, query, namespace, region } = input;
  const wait = input.wait ?? BLOCKING_WAIT;
  // Built here, not by callers, so no request input can be missing from the key.
  const queryKey: QueryKey = [
    ...input.key,
    { path, namespace: namespace ?? null, region: region ?? null, query: query ?? {} },
  ];
  // Explicit generics: `retry`/`retryDelay` take `unknown` errors and would widen TError.
  return queryOptions<Indexed<T>, Error, T, QueryKey>({
    queryKey,
    queryFn: async ({ signal, client, queryKey: key }): Promise<Indexed<T>> => {
      const previous = client.getQueryData<Indexed<T>>(key);
      const hadFailed = (client.getQueryState(key)?.fetchFailureCount ?? 0) > 0;
      const res = await apiFetch<T>(path, {
        query,
        namespace,
        region,
        signal,
        // A retry must not block: held for minutes on an unchanged list, it would keep the
        // view saying "reconnecting" long after the cluster is back. It answers at once, and
        // the loop blocks again from the fresh index.
        blocking: previous?.index && !hadFailed ? { index: previous.index, wait } : undefined,
      });
      if (hadFailed) retryOtherFailingViews(client, key);
      return { data: res.data, index: res.index };
    },
    select: selectData<T>,
    refetchInterval: loopInterval,
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: false,
    retry: retryBlocking,
    retryDelay: blockingRetryDelay,
    meta: LIVE_META,
  });
}
