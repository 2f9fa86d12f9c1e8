/**
 * The one table of what each endpoint (and event-stream topic) requires, taken from the
 * RPC handlers in Nomad's source and nomad-api.md. Route handlers, and later the event
 * stream, fs, logs and exec, all check through `allows()`.
 */
import type { Acl } from './acl.ts';

export type Requirement =
  /** A capability in the request's namespace (`*` = in some namespace). */
  | { kind: 'namespace'; capability: string }
  /** Any one of several namespace capabilities (logs: `read-logs` or `read-fs`). */
  | { kind: 'namespace-any'; capabilities: readonly string[] }
  /** Any non-deny capability in the namespace (namespace reads, list filtering). */
  | { kind: 'namespace-visible' }
  | { kind: 'node' | 'agent' | 'operator'; level: 'read' | 'write' }
  | { kind: 'management' }
  | { kind: 'none' };

const ns = (capability: string): Requirement => ({ kind: 'namespace', capability });
const node = (level: 'read' | 'write'): Requirement => ({ kind: 'node', level });

/** Keyed by `METHOD pattern`, patterns as the mock's router spells them. */
export const ENDPOINT_REQUIREMENTS = {
  'GET /v1/agent/self': { kind: 'agent', level: 'read' },
  'GET /v1/agent/members': node('read'),
  'GET /v1/regions': { kind: 'none' },
  'GET /v1/status/leader': { kind: 'none' },
  'GET /v1/namespaces': { kind: 'namespace-visible' },
  'GET /v1/namespace/:name': { kind: 'namespace-visible' },
  'GET /v1/jobs': ns('list-jobs'),
  'GET /v1/job/:id': ns('read-job'),
  'GET /v1/job/:id/allocations': ns('read-job'),
  'GET /v1/job/:id/evaluations': ns('read-job'),
  'GET /v1/job/:id/deployments': ns('read-job'),
  'GET /v1/job/:id/deployment': ns('read-job'),
  'GET /v1/job/:id/summary': ns('read-job'),
  'GET /v1/nodes': node('read'),
  'GET /v1/node/:id': node('read'),
  'GET /v1/node/:id/allocations': node('read'),
  'GET /v1/allocations': ns('read-job'),
  'GET /v1/allocation/:id': ns('read-job'),
  'GET /v1/evaluations': ns('read-job'),
  'GET /v1/evaluation/:id': ns('read-job'),
  // Client endpoints, for the fs / logs / exec / stats / metadata issues.
  'GET /v1/client/fs/ls/:alloc': ns('read-fs'),
  'GET /v1/client/fs/stat/:alloc': ns('read-fs'),
  'GET /v1/client/fs/cat/:alloc': ns('read-fs'),
  'GET /v1/client/fs/readat/:alloc': ns('read-fs'),
  'GET /v1/client/fs/stream/:alloc': ns('read-fs'),
  'GET /v1/client/fs/logs/:alloc': { kind: 'namespace-any', capabilities: ['read-logs', 'read-fs'] },
  'GET /v1/client/allocation/:id/exec': ns('alloc-exec'),
  'GET /v1/client/allocation/:id/stats': ns('read-job'),
  'GET /v1/client/allocation/:id/checks': ns('read-job'),
  'POST /v1/client/allocation/:id/signal': ns('alloc-lifecycle'),
  'POST /v1/client/allocation/:id/restart': ns('alloc-lifecycle'),
  'POST /v1/allocation/:id/stop': ns('alloc-lifecycle'),
  'GET /v1/client/allocation/:id/gc': { kind: 'namespace-any', capabilities: ['submit-job', 'gc-allocation'] },
  'GET /v1/client/stats': node('read'),
  'GET /v1/client/gc': node('write'),
  'GET /v1/client/metadata': node('read'),
  'POST /v1/client/metadata': node('write'),
} as const satisfies Record<string, Requirement>;

export type Endpoint = keyof typeof ENDPOINT_REQUIREMENTS;

/** Drivers without filesystem isolation also need `alloc-node-exec` for exec (§5.4). */
export const NODE_EXEC_DRIVERS: ReadonlySet<string> = new Set(['raw_exec']);

/** Event stream topics (§1.6); anything not listed, `*` included, needs a management token. */
export const TOPIC_REQUIREMENTS: Readonly<Record<string, Requirement>> = {
  Job: ns('read-job'),
  Evaluation: ns('read-job'),
  Allocation: ns('read-job'),
  Deployment: ns('read-job'),
  Service: ns('read-job'),
  CSIPlugin: ns('read-job'),
  HostVolume: ns('host-volume-read'),
  CSIVolume: ns('csi-read-volume'),
  Node: node('read'),
  Operator: { kind: 'operator', level: 'read' },
};

export function topicRequirement(topic: string): Requirement {
  return TOPIC_REQUIREMENTS[topic] ?? { kind: 'management' };
}

/** Does `acl` satisfy `req` (in `namespace`, for namespaced requirements)? */
export function allows(acl: Acl, req: Requirement, namespace = 'default'): boolean {
  switch (req.kind) {
    case 'none':
      return true;
    case 'management':
      return acl.management;
    case 'namespace':
      return acl.allowNsOp(namespace, req.capability);
    case 'namespace-any':
      return req.capabilities.some((c) => acl.allowNsOp(namespace, c));
    case 'namespace-visible':
      return acl.allowNamespace(namespace);
    case 'node':
      return req.level === 'read' ? acl.allowNodeRead() : acl.allowNodeWrite();
    case 'agent':
      return req.level === 'read' ? acl.allowAgentRead() : acl.allowAgentWrite();
    case 'operator':
      return req.level === 'read' ? acl.allowOperatorRead() : acl.allowOperatorWrite();
  }
}
