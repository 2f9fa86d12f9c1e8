/**
 * Live resource charts from Nomad's client stats endpoints (`/v1/client/allocation/:id/stats`,
 * `/v1/client/stats`). They send no `X-Nomad-Index`, so they cannot block: they are polled,
 * and each answer is appended to a bounded series kept in the query cache itself, so the
 * history survives a remount and there is no second store to keep in step.
 */
import { queryOptions, type QueryKey } from '@tanstack/react-query';
import { StatsSeries, type Sample } from '../stats-series.ts';
import { apiFetch, type QueryParams } from './http.ts';

export interface Polled<T> {
  latest: T;
  /** Oldest first, at most `capacity`. */
  samples: readonly Sample[];
}

export interface PolledSeriesInput<T> {
  key: readonly unknown[];
  path: string;
  query?: QueryParams;
  region?: string | undefined;
  /** What to chart from one answer; `undefined` keeps no sample (e.g. nothing running). */
  toSample: (answer: T) => Sample | undefined;
  intervalMs?: number;
  capacity?: number;
  /** Polling stops while false (e.g. the allocation is not running). */
  enabled?: boolean;
}

export const STATS_INTERVAL_MS = 3_000;
export const STATS_CAPACITY = 100;

export function polledSeriesOptions<T>(input: PolledSeriesInput<T>) {
  const { path, query, region, toSample } = input;
  const capacity = input.capacity ?? STATS_CAPACITY;
  const queryKey: QueryKey = [...input.key, { path, region: region ?? null, query: query ?? {} }];
  return queryOptions<Polled<T>, Error, Polled<T>, QueryKey>({
    queryKey,
    queryFn: async ({ signal, client, queryKey: key }) => {
      const { data } = await apiFetch<T>(path, { query, region, signal });
      const previous = client.getQueryData<Polled<T>>(key);
      const series = StatsSeries.from(previous?.samples ?? [], capacity);
      const sample = toSample(data);
      if (sample) series.push(sample);
      return { latest: data, samples: series.toArray() };
    },
    enabled: input.enabled ?? true,
    refetchInterval: input.intervalMs ?? STATS_INTERVAL_MS,
    refetchOnWindowFocus: false,
    // A chart is never "fresh": every mount should poll at once.
    staleTime: 0,
  });
}
