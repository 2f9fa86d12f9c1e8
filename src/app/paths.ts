/**
 * Every route of the app: `path` for the router, `getHref` for links. Hrefs carry the
 * current scope so moving between pages keeps the namespace and region.
 */
import { scopeSearch, type Scope } from './scope.ts';

type ScopeArg = Partial<Scope> | undefined;

const section = (path: string) => ({ path, getHref: (scope?: ScopeArg) => `${path}${scopeSearch(scope)}` });

export const paths = {
  home: { path: '/', getHref: () => '/' },
  events: section('/events'),
  allocations: section('/allocations'),
  jobs: {
    path: '/jobs',
    getHref: (scope?: ScopeArg, filters: { q?: string; type?: string; status?: string } = {}) =>
      `/jobs${scopeSearch(scope, filters)}`,
  },
  job: {
    path: '/jobs/:namespace/:id',
    getHref: ({ namespace, id }: { namespace: string; id: string }, scope?: ScopeArg) =>
      `/jobs/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}${scopeSearch(scope ? { region: scope.region } : undefined)}`,
  },
  nodes: section('/nodes'),
  sinks: section('/sinks'),
  settings: section('/settings'),
} as const;
