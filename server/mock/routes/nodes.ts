/**
 * Node endpoints (command/agent/node_endpoint.go). Every node leaves through `nodeView`:
 * the `Drain` extension added, no SecretID.
 */
import { notFound } from '../../http/errors.ts';
import { parseBoolFlag } from '../../http/query.ts';
import { allows, ENDPOINT_REQUIREMENTS } from '../acl/capabilities.ts';
import { blocking, query, sendJson, type Exchange, type MockDeps, type RouteDef } from '../http-kit.ts';
import { nodeStub, nodeView } from '../views.ts';

export function nodeRoutes(deps: MockDeps): RouteDef[] {
  const { store, auth } = deps;

  const listNodes = async (ex: Exchange): Promise<void> => {
    const q = query(ex);
    const fields = { resources: parseBoolFlag(ex.url, 'resources'), os: parseBoolFlag(ex.url, 'os') };
    auth.require(ex.req, ENDPOINT_REQUIREMENTS['GET /v1/nodes']);
    const result = await blocking(deps, ex, q, ['nodes'], () => ({
      index: store.tableIndex('nodes'),
      value: store
        .list('nodes')
        .filter((n) => n.ID.startsWith(q.prefix))
        .map((n) => nodeStub(n, fields)),
    }));
    if (result) sendJson(ex, result.value);
  };

  const getNode = async (ex: Exchange, nodeId: string): Promise<void> => {
    const q = query(ex);
    auth.require(ex.req, ENDPOINT_REQUIREMENTS['GET /v1/node/:id']);
    const result = await blocking(deps, ex, q, ['nodes'], () => {
      const node = store.get('nodes', nodeId);
      return { index: node?.ModifyIndex ?? store.tableIndex('nodes'), value: node };
    });
    if (!result) return;
    if (!result.value) throw notFound('node not found');
    sendJson(ex, nodeView(result.value));
  };

  const nodeAllocations = async (ex: Exchange, nodeId: string): Promise<void> => {
    const q = query(ex);
    const { acl } = auth.require(ex.req, ENDPOINT_REQUIREMENTS['GET /v1/node/:id/allocations']);
    const result = await blocking(deps, ex, q, ['allocs'], () => ({
      index: store.tableIndex('allocs'),
      // Node.GetAllocs returns full allocations, filtered to namespaces the token may read.
      value: store
        .list('allocs')
        .filter((a) => a.NodeID === nodeId && allows(acl, { kind: 'namespace', capability: 'read-job' }, a.Namespace)),
    }));
    if (result) sendJson(ex, result.value);
  };

  return [
    { methods: 'GET', pattern: '/v1/nodes', handler: listNodes },
    {
      methods: 'GET',
      pattern: '/v1/node/*rest',
      handler: (ex) => {
        const path = ex.params.rest ?? '';
        if (path.endsWith('/allocations')) return nodeAllocations(ex, path.slice(0, -'/allocations'.length));
        return getNode(ex, path);
      },
    },
  ];
}
