/**
 * Allocation and evaluation read endpoints (nomad-api.md §3.2, §3.3;
 * command/agent/alloc_endpoint.go, eval_endpoint.go).
 */
import { badRequest, HttpError, invalidMethod, notFound, permissionDenied } from '../../http/errors.ts';
import { parseBoolFlag } from '../../http/query.ts';
import { allows, ENDPOINT_REQUIREMENTS } from '../acl/capabilities.ts';
import { blocking, query, sendJson, type Exchange, type MockDeps, type RouteDef } from '../http-kit.ts';
import { BexprEvalError, BexprSyntaxError, compileBexpr } from '../lifecycle/bexpr.ts';
import { findAlloc } from '../lifecycle/client-errors.ts';
import type { AllocLifecycle } from '../lifecycle/lifecycle.ts';
import { parseUuidIndex, uuidHasPrefix } from '../uuid-index.ts';
import { allocStub } from '../views.ts';
import type { AllocationWire } from '../wire.ts';
import { inScope, isEmptyScope, permittedNamespaces } from './scope.ts';

function lookupFailed(kind: string, err: unknown): Error {
  return new Error(`${kind} lookup failed: ${err instanceof Error ? err.message : String(err)}`);
}

/** Go's net/http hands every method to Nomad's handlers, which check it themselves. */
const ANY_METHOD = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/** `?filter=` as Nomad's paginator applies it (to the full allocation), with its 400 texts. */
function compileFilter(filter: string): (alloc: AllocationWire) => boolean {
  if (filter === '') return () => true;
  let predicate: (datum: unknown) => boolean;
  try {
    predicate = compileBexpr(filter);
  } catch (err) {
    if (err instanceof BexprSyntaxError) {
      throw badRequest(`failed to create result paginator: failed to read filter expression: ${err.message}`);
    }
    throw err;
  }
  return (alloc) => {
    try {
      return predicate(alloc);
    } catch (err) {
      if (err instanceof BexprEvalError) throw badRequest(`failed to read result page: ${err.message}`);
      throw err;
    }
  };
}

/**
 * Nomad's paginator over an ordered listing: the token of an allocation is
 * `<CreateIndex>.<ID>` on the create index, its ID on the ID index; a page starts at the
 * first item not before `next_token` and `X-Nomad-NextToken` names the first item of the
 * next page.
 */
function paginate(
  items: AllocationWire[],
  perPage: number,
  nextToken: string,
  reverse: boolean,
  byCreate: boolean,
): { items: AllocationWire[]; next: string } {
  const token = (a: AllocationWire) => (byCreate ? `${a.CreateIndex}.${a.ID}` : a.ID);
  const compare = (a: string, b: string): number => {
    if (!byCreate) return a < b ? -1 : a > b ? 1 : 0;
    const [ai, ...ar] = a.split('.');
    const [bi, ...br] = b.split('.');
    const byIndex = Number(ai) - Number(bi);
    if (byIndex !== 0 && !Number.isNaN(byIndex)) return byIndex;
    const [x, y] = [ar.join('.'), br.join('.')];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  let start = 0;
  if (nextToken !== '') {
    start = items.findIndex((a) => (reverse ? compare(token(a), nextToken) <= 0 : compare(token(a), nextToken) >= 0));
    if (start < 0) start = items.length;
  }
  if (perPage <= 0) return { items: items.slice(start), next: '' };
  const page = items.slice(start, start + perPage);
  const following = items[start + perPage];
  return { items: page, next: following ? token(following) : '' };
}

export function allocationRoutes(deps: MockDeps, lifecycle?: AllocLifecycle): RouteDef[] {
  const { store, auth } = deps;

  const listAllocs = async (ex: Exchange): Promise<void> => {
    const q = query(ex);
    const resources = parseBoolFlag(ex.url, 'resources');
    const taskStates = parseBoolFlag(ex.url, 'task_states');
    // Alloc.List checks read-job up front (for `*`: in any namespace), then lists only the
    // permitted namespaces.
    const { acl } = auth.require(ex.req, ENDPOINT_REQUIREMENTS['GET /v1/allocations'], q.namespace);
    let hexPrefix = '';
    if (q.prefix !== '') {
      try {
        hexPrefix = parseUuidIndex(q.prefix, false);
      } catch (err) {
        throw lookupFailed('alloc', err);
      }
    }
    const matches = compileFilter(q.filter);
    const result = await blocking(deps, ex, q, ['allocs'], () => {
      const scope = permittedNamespaces(store, acl, 'read-job');
      const value: AllocationWire[] = isEmptyScope(scope)
        ? []
        : store
            .list('allocs')
            .filter((a) => inScope(a.Namespace, q.namespace, scope) && uuidHasPrefix(a.ID, hexPrefix))
            .filter(matches);
      // A prefix walks the ID index; otherwise Nomad iterates the `create` index (CreateIndex,
      // then ID). `reverse=true` walks either backwards.
      if (hexPrefix === '') value.sort((a, b) => a.CreateIndex - b.CreateIndex || (a.ID < b.ID ? -1 : 1));
      if (q.reverse) value.reverse();
      const page = paginate(value, q.perPage, q.nextToken, q.reverse, hexPrefix === '');
      return {
        index: store.tableIndex('allocs'),
        value: { next: page.next, items: page.items.map((a) => allocStub(a, { resources, taskStates })) },
      };
    });
    if (!result) return;
    if (result.value.next !== '') ex.res.setHeader('X-Nomad-NextToken', result.value.next);
    sendJson(ex, result.value.items);
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

  /** `POST|PUT /v1/allocation/:id/stop` (§3.4). */
  const stopAlloc = (ex: Exchange, allocId: string): void => {
    if (ex.req.method !== 'POST' && ex.req.method !== 'PUT') throw invalidMethod();
    const noShutdownDelay = parseBoolFlag(ex.url, 'no_shutdown_delay') ?? false;
    // Parsed (a bad value is Nomad's 500) but, as in Alloc.Stop, not used.
    parseBoolFlag(ex.url, 'reschedule');
    const { acl } = auth.resolve(ex.req);
    const alloc = findAlloc(store, allocId);
    if (!alloc) throw notFound('allocation not found');
    if (!allows(acl, ENDPOINT_REQUIREMENTS['POST /v1/allocation/:id/stop'], alloc.Namespace)) throw permissionDenied();
    if (!lifecycle) throw new HttpError(404, 'resource not found');
    const result = lifecycle.stop(alloc, noShutdownDelay);
    ex.res.setHeader('X-Nomad-Index', String(result.Index));
    sendJson(ex, result);
  };

  const allocSpecific = (ex: Exchange): Promise<void> | void => {
    const parts = (ex.params.rest ?? '').split('/');
    if (parts.length === 1) {
      if (ex.req.method !== 'GET') throw invalidMethod();
      return getAlloc(ex, parts[0]!);
    }
    if (parts.length === 2 && parts[1] === 'stop') return stopAlloc(ex, parts[0]!);
    // Other actions (checks, services) are not simulated: answered as unknown.
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
    { methods: ANY_METHOD, pattern: '/v1/allocation/*rest', handler: allocSpecific },
    { methods: 'GET', pattern: '/v1/evaluations', handler: listEvals },
    { methods: 'GET', pattern: '/v1/evaluation/*rest', handler: getEval },
  ];
}
