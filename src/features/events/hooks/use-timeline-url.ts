import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { StreamStart } from '@/lib/nomad/event-stream.ts';
import type { TimelineFacets } from '../lib/facets.ts';
import { parseStart, startParam } from '../lib/subscription.ts';

export interface TimelineUrl {
  topics: readonly string[];
  start: StreamStart;
  facets: TimelineFacets;
  setTopics(topics: readonly string[]): void;
  setStart(start: StreamStart): void;
  setFacets(patch: Partial<TimelineFacets>): void;
}

/**
 * The timeline's state in the URL, so a filtered timeline is a link:
 * `?topic=Allocation:web&topic=Node&from=now|buffer|<index>&type=PlanResult&q=web`
 * (`namespace` and `region` are the shell's scope, read by the route).
 */
export function useTimelineUrl(): TimelineUrl {
  const [search, setSearch] = useSearchParams();
  const topicsKey = search.getAll('topic').join('\n');
  const typesKey = search.getAll('type').join('\n');
  const from = search.get('from');
  const q = search.get('q') ?? '';

  const topics = useMemo(() => (topicsKey ? topicsKey.split('\n') : []), [topicsKey]);
  const start = useMemo(() => parseStart(from), [from]);
  const facets = useMemo(() => ({ types: typesKey ? typesKey.split('\n') : [], q }), [typesKey, q]);

  const setList = useCallback(
    (name: string, values: readonly string[], replace = false) =>
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.delete(name);
          for (const v of values) next.append(name, v);
          return next;
        },
        { replace },
      ),
    [setSearch],
  );

  const setTopics = useCallback((t: readonly string[]) => setList('topic', t), [setList]);
  const setStart = useCallback(
    (s: StreamStart) => {
      const value = startParam(s);
      setList('from', value === undefined ? [] : [value]);
    },
    [setList],
  );
  const setFacets = useCallback(
    (patch: Partial<TimelineFacets>) => {
      // Typing in the search box should not leave one history entry per keystroke.
      if (patch.types) setList('type', patch.types, true);
      if (patch.q !== undefined) setList('q', patch.q ? [patch.q] : [], true);
    },
    [setList],
  );
  return { topics, start, facets, setTopics, setStart, setFacets };
}
