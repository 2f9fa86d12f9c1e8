import { queryOptions } from '@tanstack/react-query';
import { apiFetch, apiPath } from '@/lib/nomad/http.ts';
import { recheckAfterTransientFailure } from '@/lib/nomad/retry-policy.ts';
import type { ACLPolicy, ACLToken } from '@/lib/nomad/types.ts';

/** AccessorIDs of Nomad's built-in identities. */
export const ACLS_DISABLED_ACCESSOR = 'acls-disabled';
export const ANONYMOUS_ACCESSOR = 'anonymous';

export const aclQueries = {
  /** Who the current token is. The cache is reset on every token change, so no token in the key. */
  tokenSelf: () =>
    queryOptions({
      queryKey: ['acl', 'token', 'self'],
      queryFn: async ({ signal }) => (await apiFetch<ACLToken>('/v1/acl/token/self', { signal })).data,
      staleTime: 60_000,
      // Nomad down or leaderless says nothing about the token: check again until it answers.
      refetchInterval: recheckAfterTransientFailure,
    }),

  policy: (name: string) =>
    queryOptions({
      queryKey: ['acl', 'policy', name],
      queryFn: async ({ signal }) => (await apiFetch<ACLPolicy>(apiPath`/v1/acl/policy/${name}`, { signal })).data,
      staleTime: 60_000,
    }),
};
