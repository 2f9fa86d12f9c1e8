/** Cluster-level reads the shell needs: agent, leader, regions, namespaces. */
import { queryOptions } from '@tanstack/react-query';
import { blockingQueryOptions } from '@/lib/nomad/blocking-query.ts';
import { apiFetch } from '@/lib/nomad/http.ts';
import type { AgentSelf, Namespace } from '@/lib/nomad/types.ts';

/** How often the leader indicator re-checks: `/v1/status/leader` cannot block. */
export const LEADER_POLL_MS = 15_000;

export const clusterQueries = {
  /** Agent-local (the region parameter does not forward it), so the key has no region. */
  agentSelf: () =>
    queryOptions({
      queryKey: ['agent', 'self'],
      queryFn: async ({ signal }) => (await apiFetch<AgentSelf>('/v1/agent/self', { signal })).data,
      staleTime: 5 * 60_000,
    }),

  leader: (region: string | undefined) =>
    queryOptions({
      queryKey: ['status', 'leader', { region: region ?? null }],
      // An empty string is how Nomad says "no leader" when it does not answer 500.
      queryFn: async ({ signal }) => (await apiFetch<string>('/v1/status/leader', { signal, region })).data || null,
      refetchInterval: LEADER_POLL_MS,
      retry: false,
    }),

  regions: () =>
    queryOptions({
      queryKey: ['regions'],
      queryFn: async ({ signal }) => (await apiFetch<string[]>('/v1/regions', { signal })).data ?? [],
      staleTime: 5 * 60_000,
    }),

  namespaces: (region: string | undefined) =>
    blockingQueryOptions<Namespace[] | null>({ key: ['namespaces', 'list'], path: '/v1/namespaces', region }),
};

/** `2.0.5`, `1.9.0-beta.1`, `1.8.2+ent`: how Nomad prints its own version. */
export function versionString(v: AgentSelf['config']['Version'] | undefined): string | undefined {
  if (!v?.Version) return undefined;
  return `${v.Version}${v.VersionPrerelease ? `-${v.VersionPrerelease}` : ''}${v.VersionMetadata ? `+${v.VersionMetadata}` : ''}`;
}
