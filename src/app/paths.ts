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
  allocation: {
    path: '/allocations/:id',
    getHref: (id: string, scope?: ScopeArg) => `/allocations/${encodeURIComponent(id)}${scopeSearch(scope)}`,
  },
  /** The allocation directory; `path` is relative to it (`alloc/logs`, `web/local/app.conf`). */
  allocationFiles: {
    path: '/allocations/:id/files/*',
    getHref: (id: string, path = '', scope?: ScopeArg) =>
      `/allocations/${encodeURIComponent(id)}/files/${path.split('/').filter(Boolean).map(encodeURIComponent).join('/')}${scopeSearch(scope)}`,
  },
  allocationLogs: {
    path: '/allocations/:id/logs/:task?',
    getHref: (id: string, task?: string, scope?: ScopeArg) =>
      `/allocations/${encodeURIComponent(id)}/logs${task ? `/${encodeURIComponent(task)}` : ''}${scopeSearch(scope)}`,
  },
  allocationExec: {
    path: '/allocations/:id/exec/:task?',
    getHref: (id: string, task?: string, scope?: ScopeArg) =>
      `/allocations/${encodeURIComponent(id)}/exec${task ? `/${encodeURIComponent(task)}` : ''}${scopeSearch(scope)}`,
  },
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
  node: {
    path: '/nodes/:id',
    getHref: (id: string, scope?: ScopeArg) => `/nodes/${encodeURIComponent(id)}${scopeSearch(scope)}`,
  },
  sinks: section('/sinks'),
  settings: section('/settings'),
} as const;
