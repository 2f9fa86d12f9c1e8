/**
 * Allocation and evaluation read endpoints (nomad-api.md §3.2, §3.3;
 * command/agent/alloc_endpoint.go, eval_endpoint.go).
 */
import { HttpError, notFound, permissionDenied } from '../../http/errors.ts';
import { parseBoolFlag } from '../../http/query.ts';
import { ENDPOINT_REQUIREMENTS } from '../acl/capabilities.ts';
import { blocking, query, sendJson, type Exchange, type MockDeps, type RouteDef } from '../http-kit.ts';
import { parseUuidIndex, uuidHasPrefix } from '../uuid-index.ts';
import { allocStub } from '../views.ts';
import { inScope, isEmptyScope, permittedNamespaces } from './scope.ts';

function lookupFailed(kind: string, err: unknown): Error {
  return new Error(`${kind} lookup failed: ${err instanceof Error ? err.message : String(err)}`);
}

export function allocationRoutes(deps: MockDeps): RouteDef[] {
  const { store, auth } = deps;

  const listAllocs = async (ex: Exchange): Promise<void> => {
    const q = query(ex);
    const resources = parseBoolFlag(ex.url, 'resources');
    const taskStates = parseBoolFlag(ex.url, 'task_states');
    const { acl } = auth.require(ex.req, ENDPOINT_REQUIREMENTS['GET /v1/allocations'], q.namespace);
    let hexPrefix = '';
    if (q.prefix !== '') {
      try {
        hexPrefix = parseUuidIndex(q.prefix, false);
      } catch (err) {
        throw lookupFailed('alloc', err);
      }
    }
    const result = await blocking(deps, ex, q, ['allocs'], () => {
      const scope = permittedNamespaces(store, acl, 'read-job');
      const value = isEmptyScope(scope)
        ? []
        : store
            .list('allocs')
            .filter((a) => inScope(a.Namespace, q.namespace, scope) && uuidHasPrefix(a.ID, hexPrefix))
            .map((a) => allocStub(a, { resources, taskStates }));
      return { index: store.tableIndex('allocs'), value };
    });
    if (result) sendJson(ex, result.value);
  };

  const getAlloc = async (ex: Exchange, allocId: string): Promise<void> => {
    const q = query(ex);
    const { acl } = auth.resolve(ex.req);
    try {
      parseUuidIndex(allocId, true);
    } catch (err) {
      throw lookupFailed('alloc', err);
    }
    const result = await blocking(deps, ex, q, ['allocs'], () => {
      const alloc = store.get('allocs', allocId.toLowerCase());
      return { index: alloc?.ModifyIndex ?? store.tableIndex('allocs'), value: alloc };
    });
    if (!result) return;
    const alloc = result.value;
    if (!alloc) throw notFound('alloc not found');
    // Alloc.GetAlloc hides allocations the token may not read; the HTTP layer does not
    // map that error, so it surfaces as a 500.
    if (!acl.allowNsOp(alloc.Namespace, 'read-job')) throw new Error(`Unknown allocation "${allocId}"`);
    sendJson(ex, alloc);
  };

  const allocSpecific = (ex: Exchange): Promise<void> => {
    const parts = (ex.params.rest ?? '').split('/');
    if (parts.length === 1) return getAlloc(ex, parts[0]!);
    // Actions (stop, checks, services) are not simulated yet: answered as unknown.
    throw new HttpError(404, 'resource not found');
  };

  const listEvals = async (ex: Exchange): Promise<void> => {
    const q = query(ex);
    const { acl } = auth.require(ex.req, ENDPOINT_REQUIREMENTS['GET /v1/evaluations'], q.namespace);
    const jobFilter = ex.url.searchParams.get('job') ?? '';
    const statusFilter = ex.url.searchParams.get('status') ?? '';
    const result = await blocking(deps, ex, q, ['evals'], () => {
      const scope = permittedNamespaces(store, acl, 'read-job');
      const value = isEmptyScope(scope)
        ? []
        : store
            .list('evals')
            .filter((e) => inScope(e.Namespace, q.namespace, scope) && e.ID.startsWith(q.prefix))
            .filter(
              (e) => (jobFilter === '' || e.JobID === jobFilter) && (statusFilter === '' || e.Status === statusFilter),
            );
      return { index: store.tableIndex('evals'), value };
    });
    if (result) sendJson(ex, result.value);
  };

  const getEval = async (ex: Exchange): Promise<void> => {
    const rest = ex.params.rest ?? '';
    const q = query(ex);
    const { acl } = auth.resolve(ex.req);
    if (rest.endsWith('/allocations')) {
      const evalId = rest.slice(0, -'/allocations'.length);
      const result = await blocking(deps, ex, q, ['allocs'], () => ({
        index: store.tableIndex('allocs'),
        value: store.list('allocs').filter((a) => a.EvalID === evalId && acl.allowNsOp(a.Namespace, 'read-job')),
      }));
      if (result)
        sendJson(
          ex,
          result.value.map((a) => allocStub(a)),
        );
      return;
    }
    const result = await blocking(deps, ex, q, ['evals'], () => {
      const ev = store.get('evals', rest);
      return { index: ev?.ModifyIndex ?? store.tableIndex('evals'), value: ev };
    });
    if (!result) return;
    if (!result.value) throw notFound('eval not found');
    if (!acl.allowNsOp(result.value.Namespace, 'read-job')) throw permissionDenied();
    sendJson(ex, result.value);
  };

  return [
    { methods: 'GET', pattern: '/v1/allocations', handler: listAllocs },
    { methods: 'GET', pattern: '/v1/allocation/*rest', handler: allocSpecific },
    { methods: 'GET', pattern: '/v1/evaluations', handler: listEvals },
    { methods: 'GET', pattern: '/v1/evaluation/*rest', handler: getEval },
  ];
}
