/**
 * The cluster scope every page works in: namespace and region, kept in the URL
 * (`?namespace=prod&region=eu`) so every view is a shareable link. Route modules read
 * it here and hand it to features as props.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { DEFAULT_NAMESPACE } from '@/lib/nomad/namespace.ts';

export interface Scope {
  namespace: string;
  /** Undefined: the agent's own region (no `region=` is sent). */
  region: string | undefined;
}

export function scopeFromSearch(search: URLSearchParams): Scope {
  return {
    namespace: search.get('namespace') || DEFAULT_NAMESPACE,
    region: search.get('region') || undefined,
  };
}

/** Query string carrying a scope; defaults are left out so plain links stay plain. */
export function scopeSearch(scope: Partial<Scope> | undefined, extra: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  if (scope?.namespace && scope.namespace !== DEFAULT_NAMESPACE) params.set('namespace', scope.namespace);
  if (scope?.region) params.set('region', scope.region);
  for (const [k, v] of Object.entries(extra)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function useScope(): Scope {
  const [search] = useSearchParams();
  const namespace = search.get('namespace');
  const region = search.get('region');
  return useMemo(
    () => ({ namespace: namespace || DEFAULT_NAMESPACE, region: region || undefined }),
    [namespace, region],
  );
}

/** Changes the scope in the URL, keeping the page's other filters. */
export function useSetScope(): (patch: Partial<Scope>) => void {
  const [, setSearch] = useSearchParams();
  return useCallback(
    (patch) => {
      setSearch((prev) => {
        const next = new URLSearchParams(prev);
        if (patch.namespace !== undefined) {
          if (patch.namespace === DEFAULT_NAMESPACE) next.delete('namespace');
          else next.set('namespace', patch.namespace);
        }
        if ('region' in patch) {
          if (patch.region) next.set('region', patch.region);
          else next.delete('region');
        }
        return next;
      });
    },
    [setSearch],
  );
}
