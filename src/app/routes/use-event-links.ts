import { useMemo } from 'react';
import type { EventLinks } from '@/features/events/lib/event-links.ts';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';

/**
 * Links from timeline events to the app's pages, keeping the region of the current scope.
 * Route modules that embed a ScopedTimeline can pass these as its `links`.
 */
export function useEventLinks(): EventLinks {
  const { region } = useScope();
  return useMemo(
    () => ({
      allocation: (id) => paths.allocation.getHref(id, { region }),
      job: (namespace, id) => paths.job.getHref({ namespace: namespace || 'default', id }, { region }),
      node: (id) => paths.node.getHref(id, { region }),
      events: (search) => {
        const s = search.toString();
        return `${paths.events.path}${s ? `?${s}` : ''}`;
      },
    }),
    [region],
  );
}
