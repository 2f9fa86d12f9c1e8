/**
 * The allocation table's view state (status facets, job/node/task-group filters, ID prefix,
 * sort) as plain data that lives in the URL, and the pure functions that apply it.
 */
import type { AllocClientStatus, AllocListStub } from '@/lib/nomad/types.ts';
import { idMatches, sanitizeAllocPrefix } from './alloc-prefix.ts';

export const CLIENT_STATUSES: readonly AllocClientStatus[] = [
  'pending',
  'running',
  'complete',
  'failed',
  'lost',
  'unknown',
];

export const SORT_KEYS = [
  'id',
  'job',
  'group',
  'node',
  'namespace',
  'status',
  'desired',
  'version',
  'created',
  'modified',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface AllocFilters {
  /** Client statuses to show; empty shows all. */
  status: AllocClientStatus[];
  job: string;
  node: string;
  group: string;
  /** Allocation ID prefix as typed. */
  prefix: string;
  sort: SortKey;
  desc: boolean;
}

export const DEFAULT_FILTERS: AllocFilters = {
  status: [],
  job: '',
  node: '',
  group: '',
  prefix: '',
  sort: 'modified',
  desc: true,
};

/** Reads filters from the URL; unknown values are dropped rather than matching nothing. */
export function parseAllocFilters(search: URLSearchParams): AllocFilters {
  const status = (search.get('status') ?? '')
    .split(',')
    .filter((s): s is AllocClientStatus => (CLIENT_STATUSES as readonly string[]).includes(s));
  const sort = search.get('sort') ?? '';
  const isSort = (SORT_KEYS as readonly string[]).includes(sort);
  return {
    status: [...new Set(status)],
    job: search.get('job') ?? '',
    node: search.get('node') ?? '',
    group: search.get('group') ?? '',
    prefix: search.get('prefix') ?? '',
    sort: isSort ? (sort as SortKey) : DEFAULT_FILTERS.sort,
    desc: isSort ? search.get('order') !== 'asc' : DEFAULT_FILTERS.desc,
  };
}

/** The URL parameters for `f`; defaults are left out so plain links stay plain. */
export function allocFilterParams(f: AllocFilters): Record<string, string | undefined> {
  const defaultSort = f.sort === DEFAULT_FILTERS.sort && f.desc === DEFAULT_FILTERS.desc;
  return {
    status: f.status.length ? f.status.join(',') : undefined,
    job: f.job || undefined,
    node: f.node || undefined,
    group: f.group || undefined,
    prefix: f.prefix || undefined,
    sort: defaultSort ? undefined : f.sort,
    order: defaultSort ? undefined : f.desc ? 'desc' : 'asc',
  };
}

export function hasAllocFilters(f: AllocFilters): boolean {
  return f.status.length > 0 || f.job !== '' || f.node !== '' || f.group !== '' || f.prefix.trim() !== '';
}

/** Everything but the status facet, so facet counts show what each status would add. */
export function filterAllocsExceptStatus(allocs: readonly AllocListStub[], f: AllocFilters): AllocListStub[] {
  const { match, problem } = sanitizeAllocPrefix(f.prefix);
  if (problem) return [];
  return allocs.filter(
    (a) =>
      (f.job === '' || a.JobID === f.job) &&
      (f.node === '' || a.NodeID === f.node || a.NodeName === f.node) &&
      (f.group === '' || a.TaskGroup === f.group) &&
      idMatches(a.ID, match),
  );
}

export function filterByStatus(allocs: readonly AllocListStub[], status: readonly string[]): AllocListStub[] {
  if (status.length === 0) return [...allocs];
  const wanted = new Set(status);
  return allocs.filter((a) => wanted.has(a.ClientStatus));
}

export function countByStatus(allocs: readonly AllocListStub[]): Record<AllocClientStatus, number> {
  const counts = Object.fromEntries(CLIENT_STATUSES.map((s) => [s, 0])) as Record<AllocClientStatus, number>;
  for (const a of allocs) if (a.ClientStatus in counts) counts[a.ClientStatus] += 1;
  return counts;
}

const text = (pick: (a: AllocListStub) => string) => (a: AllocListStub, b: AllocListStub) =>
  pick(a) < pick(b) ? -1 : pick(a) > pick(b) ? 1 : 0;
const num = (pick: (a: AllocListStub) => number) => (a: AllocListStub, b: AllocListStub) => pick(a) - pick(b);

const COMPARE: Record<SortKey, (a: AllocListStub, b: AllocListStub) => number> = {
  id: text((a) => a.ID),
  job: text((a) => a.JobID),
  group: text((a) => a.TaskGroup),
  node: text((a) => a.NodeName || a.NodeID),
  namespace: text((a) => a.Namespace),
  status: text((a) => a.ClientStatus),
  desired: text((a) => a.DesiredStatus),
  version: num((a) => a.JobVersion),
  created: num((a) => a.CreateTime),
  modified: num((a) => a.ModifyTime),
};

/** Sorted copy; ties fall back to the ID so the order is stable across live updates. */
export function sortAllocs(allocs: readonly AllocListStub[], key: SortKey, desc: boolean): AllocListStub[] {
  const cmp = COMPARE[key];
  const byId = COMPARE.id;
  const dir = desc ? -1 : 1;
  return [...allocs].sort((a, b) => dir * (cmp(a, b) || byId(a, b)));
}
