/**
 * Where an event's Key leads. Features may not import the app's route table, so the route
 * module hands the Events page its links; the defaults mirror the app's routes for the
 * pages that embed a scoped timeline without passing any.
 */
import type { NomadEvent } from '@/lib/nomad/types.ts';

export interface EventLinks {
  allocation(id: string): string;
  job(namespace: string, id: string): string;
  node(id: string): string;
  /** The Events page with this query string (`topic=…&namespace=…`). */
  events(search: URLSearchParams): string;
}

const enc = encodeURIComponent;

export const DEFAULT_EVENT_LINKS: EventLinks = {
  allocation: (id) => `/allocations/${enc(id)}`,
  job: (namespace, id) => `/jobs/${enc(namespace || 'default')}/${enc(id)}`,
  node: (id) => `/nodes/${enc(id)}`,
  events: (search) => {
    const s = search.toString();
    return s ? `/events?${s}` : '/events';
  },
};

export interface KeyLink {
  href: string;
  /** What the link opens, for its accessible name. */
  label: string;
}

/**
 * The page for the object an event is about, where the app has one. Deployments have no page
 * of their own: their first FilterKey is the job, whose page shows its deployments.
 */
export function keyLink(e: NomadEvent, links: EventLinks): KeyLink | undefined {
  if (!e.Key) return undefined;
  const firstFilterKey = Array.isArray(e.FilterKeys) ? e.FilterKeys[0] : undefined;
  switch (e.Topic) {
    case 'Allocation':
      return { href: links.allocation(e.Key), label: `allocation ${e.Key}` };
    case 'Job':
      return { href: links.job(e.Namespace, e.Key), label: `job ${e.Key}` };
    case 'Node':
      return { href: links.node(e.Key), label: `node ${e.Key}` };
    case 'Deployment':
      return firstFilterKey
        ? { href: links.job(e.Namespace, firstFilterKey), label: `job ${firstFilterKey} (deployment ${e.Key})` }
        : undefined;
    default:
      return undefined;
  }
}

/**
 * Topics for a scoped timeline (nomad-api.md §1.5 FilterKeys): evaluations, allocations and
 * deployments carry their JobID in FilterKeys, so `Topic:<jobId>` matches all of a job's
 * objects; allocation and node events are matched by their own ID.
 */
export const scopedTopics = {
  job: (jobId: string) => [`Job:${jobId}`, `Evaluation:${jobId}`, `Allocation:${jobId}`, `Deployment:${jobId}`],
  allocation: (allocId: string) => [`Allocation:${allocId}`],
  node: (nodeId: string) => [`Node:${nodeId}`],
} as const;

/** The Events page query for a subscription (the Events page reads `topic`, `namespace`, `region`). */
export function eventsSearch(topics: readonly string[], namespace: string, region?: string): URLSearchParams {
  const s = new URLSearchParams();
  for (const t of topics) s.append('topic', t);
  if (namespace && namespace !== 'default') s.set('namespace', namespace);
  if (region) s.set('region', region);
  return s;
}
