import { QueryClient } from '@tanstack/react-query';
import { recheckAfterTransientFailure, retryDefault } from '@/lib/nomad/retry-policy.ts';

/**
 * Defaults for one-shot reads. Live lists override these in `blockingQueryOptions`
 * (endless retry with backoff, no refetch on focus: they are never stale while mounted).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: retryDefault, // 4xx is final; network and 5xx get two more tries
        // After those, a read that failed for a transient reason (outage, no leader) is tried
        // again every few seconds, so a page recovers by itself when Nomad does.
        refetchInterval: recheckAfterTransientFailure,
        staleTime: 10_000,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
