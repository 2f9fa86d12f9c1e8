import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { allocFilterParams, parseAllocFilters, type AllocFilters } from '../lib/alloc-filters.ts';

const KEYS = ['status', 'job', 'node', 'group', 'prefix', 'sort', 'order'] as const;

/** The allocation filters live in the URL, so a filtered, sorted view is a link. */
export function useAllocFilters(): [AllocFilters, (patch: Partial<AllocFilters>) => void] {
  const [search, setSearch] = useSearchParams();
  const raw = KEYS.map((k) => search.get(k) ?? '').join('\u0000');
  const filters = useMemo(() => {
    const parts = raw.split('\u0000');
    return parseAllocFilters(new URLSearchParams(KEYS.map((k, i) => [k, parts[i] ?? ''])));
  }, [raw]);
  const update = useCallback(
    (patch: Partial<AllocFilters>) => {
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          const params = allocFilterParams({ ...parseAllocFilters(prev), ...patch });
          for (const k of KEYS) {
            const v = params[k];
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        // Typing a prefix should not leave one history entry per keystroke.
        { replace: true },
      );
    },
    [setSearch],
  );
  return [filters, update];
}
