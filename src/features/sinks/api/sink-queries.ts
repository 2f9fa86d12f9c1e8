/**
 * Queries and actions for event sinks (served by the nomad-live server in both modes,
 * nomad-api.md §2 plus its companion routes in server/sinks/README-api.md).
 */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { blockingQueryOptions } from '@/lib/nomad/blocking-query.ts';
import { apiFetch, apiPath } from '@/lib/nomad/http.ts';
import { isNomadError, NomadError } from '@/lib/nomad/nomad-error.ts';
import type { EventSink, EventSinkWrite, SinkDeliveries, SinkTestResult } from '@/lib/nomad/types.ts';

export const sinkKeys = {
  all: ['sinks'] as const,
  lists: () => [...sinkKeys.all, 'list'] as const,
  deliveries: () => [...sinkKeys.all, 'deliveries'] as const,
  summaries: () => [...sinkKeys.all, 'summary'] as const,
};

/** Rows of the list refresh their state this often (see `summary`). */
export const SUMMARY_POLL_MS = 2_000;

const deliveriesPath = (id: string) => apiPath`/v1/event/sink/${id}/deliveries`;

export const sinkQueries = {
  list: () => blockingQueryOptions<EventSink[] | null>({ key: sinkKeys.lists(), path: '/v1/event/sinks' }),

  /** The selected sink's delivery state and log, live through a blocking query. */
  deliveries: (id: string) =>
    blockingQueryOptions<SinkDeliveries>({ key: sinkKeys.deliveries(), path: deliveriesPath(id) }),

  /**
   * The same state for each row of the list, polled rather than blocking: a blocking query
   * per row would hold one of the browser's six connections per sink and starve the page.
   */
  summary: (id: string) =>
    queryOptions({
      queryKey: [...sinkKeys.summaries(), id],
      queryFn: async ({ signal }) => (await apiFetch<SinkDeliveries>(deliveriesPath(id), { signal })).data,
      refetchInterval: SUMMARY_POLL_MS,
      retry: false,
    }),
};

export const sinkActions = {
  /** Creates or replaces; the server answers with an empty body and the new index. */
  save: () =>
    mutationOptions({
      mutationFn: async (body: EventSinkWrite) => {
        await apiFetch<undefined>(apiPath`/v1/event/sink/${body.ID}`, { method: 'POST', body });
      },
    }),
  remove: () =>
    mutationOptions({
      mutationFn: async (id: string) => {
        await apiFetch<undefined>(apiPath`/v1/event/sink/${id}`, { method: 'DELETE' });
      },
    }),
  /** One synthetic batch to the sink's address; the receiver's verdict is in the body. */
  test: () =>
    mutationOptions({
      mutationFn: async (id: string) =>
        (await apiFetch<SinkTestResult>(apiPath`/v1/event/sink/${id}/test`, { method: 'POST' })).data,
    }),
};

/**
 * A 403 from the sink routes with the capability it lacked: reading needs `operator:read`,
 * writing a management token (the shared capability table does not cover these routes).
 */
export function withSinkCapability(error: unknown, access: 'read' | 'write'): unknown {
  if (!isNomadError(error) || error.kind !== 'permission-denied' || error.capability) return error;
  return new NomadError({
    status: error.status,
    endpoint: error.endpoint,
    serverText: error.serverText,
    capability:
      access === 'read'
        ? { capability: 'operator:read', scope: 'global' }
        : { capability: 'management', scope: 'management' },
  });
}
