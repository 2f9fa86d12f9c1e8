/**
 * `GET /v1/event/stream` (nomad-api.md §1). Parameter errors are real 400s in both wire
 * styles (Nomad parses them before the stream starts); everything after is the broker's.
 */
import { tokenFromRequest } from '../acl/tokens.ts';
import type { EventBroker } from '../events/broker.ts';
import { parseStreamIndex, parseTopics, rejectSignedIndex } from '../events/filter.ts';
import type { MockDeps, RouteDef } from '../http-kit.ts';

export function eventRoutes(deps: MockDeps, broker?: EventBroker): RouteDef[] {
  if (!broker) return [];
  return [
    {
      methods: 'GET',
      pattern: '/v1/event/stream',
      handler: async (ex) => {
        const params = ex.url.searchParams;
        const index = parseStreamIndex(params.get('index'));
        const topics = parseTopics(params.getAll('topic'));
        rejectSignedIndex(params.get('index'));
        const namespace = params.get('namespace') || 'default';
        const secret = deps.aclEnabled ? tokenFromRequest(ex.req) : '';
        await broker.serve(ex.req, ex.res, { index, topics, namespace }, secret);
      },
    },
  ];
}
