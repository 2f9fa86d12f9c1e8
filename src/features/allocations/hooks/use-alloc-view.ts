import { useDeferredValue, useMemo } from 'react';
import type { AllocListStub } from '@/lib/nomad/types.ts';
import {
  countByStatus,
  filterAllocsExceptStatus,
  filterByStatus,
  sortAllocs,
  type AllocFilters,
} from '../lib/alloc-filters.ts';
import { sanitizeAllocPrefix } from '../lib/alloc-prefix.ts';

const EMPTY: readonly AllocListStub[] = [];

/**
 * Applies the filters to a live list. The work runs on deferred values, so typing in the
 * prefix box stays responsive while 20,000 rows are re-filtered and re-sorted behind it.
 */
export function useAllocView(allocs: readonly AllocListStub[] | undefined, filters: AllocFilters) {
  const list = useDeferredValue(allocs ?? EMPTY);
  const f = useDeferredValue(filters);
  const base = useMemo(() => filterAllocsExceptStatus(list, f), [list, f]);
  const counts = useMemo(() => countByStatus(base), [base]);
  const visible = useMemo(() => sortAllocs(filterByStatus(base, f.status), f.sort, f.desc), [base, f]);
  const choices = useMemo(() => {
    const jobs = new Set<string>();
    const groups = new Set<string>();
    const nodes = new Map<string, string>();
    for (const a of list) {
      jobs.add(a.JobID);
      groups.add(a.TaskGroup);
      nodes.set(a.NodeID, a.NodeName);
    }
    return {
      jobs: [...jobs].sort(),
      groups: [...groups].sort(),
      nodes: [...nodes].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    };
  }, [list]);
  return {
    visible,
    counts,
    ...choices,
    total: list.length,
    prefixProblem: sanitizeAllocPrefix(filters.prefix).problem,
  };
}
