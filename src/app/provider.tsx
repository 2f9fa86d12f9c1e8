import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { tokenStore } from '@/lib/nomad/token-store.ts';
import { createQueryClient } from './query-client.ts';

/**
 * App-wide providers. A token change (saved, signed out, or changed in another tab)
 * resets every query: cached data belonged to the old identity, and held blocking
 * requests were sent with the old token, so all of it is dropped and refetched.
 */
export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  useEffect(() => tokenStore.subscribe(() => void queryClient.resetQueries()), [queryClient]);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
