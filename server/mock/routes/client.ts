/**
 * Client endpoints (nomad-api.md §3.5, §3.6, §6): allocation signal / restart / gc /
 * stats, host stats, node GC and dynamic node metadata. The mock is a server-only agent,
 * so every request is routed like a server routes it: `node_id` is required for node
 * endpoints, the allocation's node must be known and connected, then the client acts.
 */
import { badRequest, HttpError, invalidMethod, permissionDenied } from '../../http/errors.ts';
import { allows, ENDPOINT_REQUIREMENTS } from '../acl/capabilities.ts';
import { sendJson, type Exchange, type MockDeps, type RouteDef } from '../http-kit.ts';
import { findAlloc, NO_PATH_TO_NODE, reachableNode, unknownAllocation } from '../lifecycle/client-errors.ts';
import { decodeGoJson, GoJsonError, readBodyText, unmarshalTypeError } from '../lifecycle/go-json.ts';
import type { ClientServices } from '../lifecycle/services.ts';
import { validateMetaRequest } from '../metadata/validate.ts';
import { allocStats } from '../stats/alloc-stats.ts';
import { hostStats } from '../stats/host-stats.ts';
import type { AllocationWire, NodeRecord } from '../wire.ts';

const ANY_METHOD = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
const CORS_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * rs/cors as Nomad configures it for a few client endpoints (nomad-api.md §0.3): any origin,
 * GET/HEAD only, credentials allowed. A preflight is answered here (204); an actual request
 * gets the headers and goes on to the handler.
 */
function withCors(handler: (ex: Exchange) => void | Promise<void>) {
  return (ex: Exchange): void | Promise<void> => {
    const { req, res } = ex;
    const origin = req.headers.origin ?? '';
    const requested = req.headers['access-control-request-method'];
    if (req.method === 'OPTIONS' && typeof requested === 'string') {
      res.setHeader('Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
      if (origin !== '' && CORS_METHODS.has(requested.toUpperCase())) {
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Access-Control-Allow-Methods', requested.toUpperCase());
        const headers = req.headers['access-control-request-headers'];
        if (typeof headers === 'string' && headers !== '') res.setHeader('Access-Control-Allow-Headers', headers);
        res.setHeader('Access-Control-Allow-Credentials', 'true');
      }
      res.statusCode = 204;
      res.end();
      return;
    }
    if (origin !== '' && CORS_METHODS.has(req.method ?? '')) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    return handler(ex);
  };
}
const NO_NODE_ID = 'No local Node and node_id not provided';

/** Go's encoding/json matches struct fields case-insensitively. */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

function asObject(value: unknown, goType: string): Record<string, unknown> {
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new GoJsonError(
      `json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value} into Go value of type ${goType}`,
    );
  }
  return value as Record<string, unknown>;
}

function stringField(obj: Record<string, unknown>, name: string, struct: string): string {
  const v = field(obj, name);
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw unmarshalTypeError(v, `${struct}.${name}`, 'string');
  return v;
}

function boolField(obj: Record<string, unknown>, name: string, struct: string): boolean {
  const v = field(obj, name);
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw unmarshalTypeError(v, `${struct}.${name}`, 'bool');
  return v;
}

function writeEmpty(ex: Exchange): void {
  ex.res.statusCode = 200;
  ex.res.setHeader('Content-Length', 0);
  ex.res.end();
}

export function clientRoutes(deps: MockDeps, services?: ClientServices): RouteDef[] {
  if (!services) return [];
  const { store, auth } = deps;
  const { lifecycle, metadata } = services;

  /** Server side of every client-alloc RPC: token, alloc, capability, then the client. */
  const resolveAlloc = (ex: Exchange, endpoint: keyof typeof ENDPOINT_REQUIREMENTS): AllocationWire => {
    const { acl } = auth.resolve(ex.req);
    const id = ex.params.id ?? '';
    const alloc = findAlloc(store, id);
    if (!alloc) throw unknownAllocation(id);
    if (!allows(acl, ENDPOINT_REQUIREMENTS[endpoint], alloc.Namespace)) throw permissionDenied();
    return alloc;
  };

  const signal = async (ex: Exchange): Promise<void> => {
    if (ex.req.method !== 'POST' && ex.req.method !== 'PUT') throw invalidMethod();
    const text = await readBodyText(ex.req);
    if (text === '') throw badRequest('Failed to decode body: Request body is empty');
    let task: string;
    let sig: string;
    try {
      const body = asObject(decodeGoJson(text), 'structs.AllocSignalRequest');
      task = stringField(body, 'Task', 'AllocSignalRequest');
      sig = stringField(body, 'Signal', 'AllocSignalRequest');
    } catch (err) {
      if (err instanceof GoJsonError) throw badRequest(`Failed to decode body: ${err.message}`);
      throw err;
    }
    const alloc = resolveAlloc(ex, 'POST /v1/client/allocation/:id/signal');
    lifecycle.requireOnClient(alloc);
    lifecycle.signal(alloc, task, sig);
    sendJson(ex, { Index: 0 });
  };

  const restart = async (ex: Exchange): Promise<void> => {
    // No method check in Nomad: any method restarts. A bad body is a plain (500) error.
    const text = await readBodyText(ex.req);
    let taskName = '';
    let allTasks = false;
    if (text.trim() !== '') {
      const body = asObject(decodeGoJson(text), 'struct { TaskName string; AllTasks bool }');
      taskName = stringField(body, 'TaskName', 'TaskName');
      allTasks = boolField(body, 'AllTasks', 'AllTasks');
    }
    const alloc = resolveAlloc(ex, 'POST /v1/client/allocation/:id/restart');
    lifecycle.requireOnClient(alloc);
    lifecycle.restart(alloc, taskName, allTasks);
    sendJson(ex, { Index: 0 });
  };

  const gcAlloc = (ex: Exchange): void => {
    const alloc = resolveAlloc(ex, 'GET /v1/client/allocation/:id/gc');
    reachableNode(store, alloc.NodeID);
    lifecycle.gc(alloc);
    writeEmpty(ex);
  };

  const allocStatsHandler = (ex: Exchange): void => {
    const task = ex.url.searchParams.get('task') ?? '';
    const alloc = resolveAlloc(ex, 'GET /v1/client/allocation/:id/stats');
    lifecycle.requireOnClient(alloc);
    sendJson(ex, allocStats(alloc, deps.now(), task));
  };

  /** Nomad service check results; the mock's jobs register no Nomad-provider checks. */
  const checks = (ex: Exchange): void => {
    const alloc = resolveAlloc(ex, 'GET /v1/client/allocation/:id/checks');
    lifecycle.requireOnClient(alloc);
    sendJson(ex, {});
  };

  const nodeIdOf = (ex: Exchange): string => {
    const id = ex.url.searchParams.get('node_id') ?? '';
    if (id === '') throw badRequest(NO_NODE_ID);
    return id;
  };

  const hostStatsHandler = (ex: Exchange): void => {
    const nodeId = nodeIdOf(ex);
    auth.require(ex.req, ENDPOINT_REQUIREMENTS['GET /v1/client/stats']);
    const node = reachableNode(store, nodeId);
    const allocs = store.list('allocs').filter((a) => a.NodeID === node.ID);
    sendJson(ex, hostStats(node, allocs, deps.now()));
  };

  const gcNode = (ex: Exchange): void => {
    const nodeId = nodeIdOf(ex);
    auth.require(ex.req, ENDPOINT_REQUIREMENTS['GET /v1/client/gc']);
    reachableNode(store, nodeId);
    lifecycle.gcNode(nodeId);
    writeEmpty(ex);
  };

  /** `forwardClientRPC`: an unknown node is a plain error (500 here), an unreachable one a 404. */
  const metaNode = (nodeId: string): NodeRecord => {
    const node = store.get('nodes', nodeId);
    if (!node) throw new Error(`Unknown node ${nodeId}`);
    if (node.Status !== 'ready' && node.Status !== 'initializing') throw new HttpError(404, NO_PATH_TO_NODE);
    return node;
  };

  const readMetaBody = async (ex: Exchange): Promise<Record<string, string | null> | null> => {
    const text = await readBodyText(ex.req);
    if (text === '') throw badRequest('Request body is empty');
    try {
      const body = asObject(decodeGoJson(text), 'structs.NodeMetaApplyRequest');
      const raw = field(body, 'Meta');
      if (raw === undefined || raw === null) return null;
      if (typeof raw !== 'object' || Array.isArray(raw)) {
        throw unmarshalTypeError(raw, 'NodeMetaApplyRequest.Meta', 'map[string]*string');
      }
      const meta: Record<string, string | null> = {};
      for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
        if (value !== null && typeof value !== 'string') {
          throw unmarshalTypeError(value, `NodeMetaApplyRequest.Meta`, 'string');
        }
        meta[key] = value;
      }
      return meta;
    } catch (err) {
      if (err instanceof GoJsonError) throw badRequest(err.message);
      throw err;
    }
  };

  const nodeMeta = async (ex: Exchange): Promise<void> => {
    if (ex.req.method === 'POST') {
      const meta = await readMetaBody(ex);
      const nodeId = nodeIdOf(ex);
      auth.require(ex.req, ENDPOINT_REQUIREMENTS['POST /v1/client/metadata']);
      const node = metaNode(nodeId);
      const invalid = validateMetaRequest(meta);
      if (invalid !== undefined) throw badRequest(invalid);
      sendJson(ex, metadata.apply(node, meta!));
      return;
    }
    if (ex.req.method !== 'GET') throw invalidMethod();
    const nodeId = nodeIdOf(ex);
    auth.require(ex.req, ENDPOINT_REQUIREMENTS['GET /v1/client/metadata']);
    sendJson(ex, metadata.read(metaNode(nodeId)));
  };

  return [
    { methods: ANY_METHOD, pattern: '/v1/client/allocation/:id/signal', handler: withCors(signal) },
    { methods: ANY_METHOD, pattern: '/v1/client/allocation/:id/restart', handler: withCors(restart) },
    { methods: ANY_METHOD, pattern: '/v1/client/allocation/:id/gc', handler: withCors(gcAlloc) },
    { methods: ANY_METHOD, pattern: '/v1/client/allocation/:id/stats', handler: withCors(allocStatsHandler) },
    { methods: ANY_METHOD, pattern: '/v1/client/allocation/:id/checks', handler: withCors(checks) },
    { methods: ANY_METHOD, pattern: '/v1/client/stats', handler: withCors(hostStatsHandler) },
    // Not CORS-wrapped in Nomad.
    { methods: ANY_METHOD, pattern: '/v1/client/gc', handler: gcNode },
    { methods: ANY_METHOD, pattern: '/v1/client/metadata', handler: withCors(nodeMeta) },
  ];
}
