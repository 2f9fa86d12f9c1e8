import { QueryClient } from '@tanstack/react-query';
import { retryDefault } from '@/lib/nomad/retry-policy.ts';

/**
 * Defaults for one-shot reads. Live lists override these in `blockingQueryOptions`
 * (endless retry with backoff, no refetch on focus: they are never stale while mounted).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: retryDefault, // 4xx is final; network and 5xx get two more tries
        staleTime: 10_000,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
