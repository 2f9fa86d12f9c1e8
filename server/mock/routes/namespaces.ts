/**
 * `/v1/namespaces` and `/v1/namespace/:name` (command/agent/namespace_endpoint.go,
 * nomad/namespace_endpoint.go): the list shows only namespaces the token can see.
 */
import { badRequest, notFound } from '../../http/errors.ts';
import { allows, ENDPOINT_REQUIREMENTS } from '../acl/capabilities.ts';
import { blocking, query, sendJson, type MockDeps, type RouteDef } from '../http-kit.ts';

export function namespaceRoutes(deps: MockDeps): RouteDef[] {
  const { store, auth } = deps;
  return [
    {
      methods: 'GET',
      pattern: '/v1/namespaces',
      handler: async (ex) => {
        const q = query(ex);
        const { acl } = auth.resolve(ex.req);
        const requirement = ENDPOINT_REQUIREMENTS['GET /v1/namespaces'];
        const result = await blocking(deps, ex, q, ['namespaces'], () => ({
          index: store.tableIndex('namespaces'),
          value: store
            .list('namespaces')
            .filter((ns) => ns.Name.startsWith(q.prefix) && allows(acl, requirement, ns.Name)),
        }));
        if (result) sendJson(ex, result.value);
      },
    },
    {
      methods: 'GET',
      pattern: '/v1/namespace/*name',
      handler: async (ex) => {
        const name = ex.params.name ?? '';
        if (name === '') throw badRequest('Missing Namespace Name');
        const q = query(ex);
        auth.require(ex.req, ENDPOINT_REQUIREMENTS['GET /v1/namespace/:name'], name);
        const result = await blocking(deps, ex, q, ['namespaces'], () => {
          const ns = store.get('namespaces', name);
          return { index: ns?.ModifyIndex ?? store.tableIndex('namespaces'), value: ns };
        });
        if (!result) return;
        if (!result.value) throw notFound('Namespace not found');
        sendJson(ex, result.value);
      },
    },
  ];
}
