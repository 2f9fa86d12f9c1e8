import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { parseJobFilters, type JobFilters } from '../lib/job-filters.ts';

/** The job filters live in the URL (`?q=&type=&status=`) so a filtered view is a link. */
export function useJobFilters(): [JobFilters, (patch: Partial<JobFilters>) => void] {
  const [search, setSearch] = useSearchParams();
  const q = search.get('q');
  const type = search.get('type');
  const status = search.get('status');
  const filters = useMemo(
    () =>
      parseJobFilters(
        new URLSearchParams([
          ['q', q ?? ''],
          ['type', type ?? ''],
          ['status', status ?? ''],
        ]),
      ),
    [q, type, status],
  );
  const update = useCallback(
    (patch: Partial<JobFilters>) => {
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(patch)) {
            if (value) next.set(key, value);
            else next.delete(key);
          }
          return next;
        },
        // Typing in the filter box should not leave one history entry per keystroke.
        { replace: true },
      );
    },
    [setSearch],
  );
  return [filters, update];
}
