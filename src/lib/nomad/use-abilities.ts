import { queryOptions, useQuery } from '@tanstack/react-query';
import { check, type Abilities, type Need, type Verdict } from './abilities.ts';
import { parsePolicyRules, type PolicyRules } from './acl-rules.ts';
import { apiFetch, apiPath } from './http.ts';
import type { ACLPolicy, ACLRole, ACLToken } from './types.ts';

/**
 * Reads the token (`/v1/acl/token/self`), its roles (`/v1/acl/roles` lists only the
 * caller's own for a client token) and every policy it holds (a token may read its own
 * policies), and parses the rules. Nomad has no "may I?" endpoint, and its write
 * endpoints check the body before the ACL, so probing them would not tell.
 */
async function loadAbilities(signal: AbortSignal): Promise<Abilities> {
  const token = (await apiFetch<ACLToken>('/v1/acl/token/self', { signal })).data;
  const tokenName = token.Name;
  if (token.AccessorID === 'acls-disabled' || token.Type === 'management') return { kind: 'all', tokenName };
  try {
    const names = new Set(token.Policies ?? []);
    if ((token.Roles ?? []).length > 0) {
      const roles = (await apiFetch<ACLRole[]>('/v1/acl/roles', { signal })).data ?? [];
      const mine = new Set((token.Roles ?? []).map((r) => r.ID));
      for (const role of roles) if (mine.has(role.ID)) role.Policies.forEach((p) => names.add(p.Name));
    }
    const policies: PolicyRules[] = await Promise.all(
      [...names].map(async (name) => {
        const policy = (await apiFetch<ACLPolicy>(apiPath`/v1/acl/policy/${name}`, { signal })).data;
        return parsePolicyRules(policy.Rules);
      }),
    );
    return { kind: 'derived', tokenName, policies };
  } catch (error) {
    if (signal.aborted) throw error;
    return { kind: 'unknown', tokenName, why: error instanceof Error ? error.message : String(error) };
  }
}

/** The cache is reset on every token change (AppProviders), so the token is not in the key. */
export const abilitiesQuery = () =>
  queryOptions({
    queryKey: ['acl', 'abilities'],
    queryFn: ({ signal }) => loadAbilities(signal),
    staleTime: 60_000,
  });

/**
 * Whether the current token may do each of `needs`. While loading, or when the policies
 * cannot be read, everything is allowed: the server still checks, and its 403 names the
 * missing capability.
 */
export function useCan<K extends string>(needs: Record<K, Need>): Record<K, Verdict> {
  const { data } = useQuery(abilitiesQuery());
  return Object.fromEntries(Object.entries<Need>(needs).map(([k, need]) => [k, check(data, need)])) as Record<
    K,
    Verdict
  >;
}
