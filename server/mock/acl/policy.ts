/**
 * ACL policy rules → structured policy, following nomad acl/policy.go: the `policy = …`
 * shorthand of a namespace expands to capability lists and is added to any explicit
 * `capabilities = [...]`; agent/node/operator/quota/plugin take a single level.
 */
import { HclError, parseHcl, type HclBody, type HclValue } from './hcl.ts';

export type PolicyLevel = 'deny' | 'read' | 'list' | 'write' | 'scale';

export interface NamespaceRule {
  name: string;
  policy: string;
  /** Explicit capabilities followed by those the `policy` shorthand expands to. */
  capabilities: string[];
}

export interface ParsedPolicy {
  namespaces: NamespaceRule[];
  hostVolumes: { name: string; policy: string; capabilities: string[] }[];
  nodePools: { name: string; policy: string; capabilities: string[] }[];
  agent?: string;
  node?: string;
  operator?: string;
  quota?: string;
  plugin?: string;
}

const READ = [
  'list-jobs',
  'parse-job',
  'read-job',
  'csi-list-volume',
  'csi-read-volume',
  'read-job-scaling',
  'list-scaling-policies',
  'read-scaling-policy',
  'host-volume-read',
];

const WRITE_EXTRA = [
  'scale-job',
  'submit-job',
  'dispatch-job',
  'read-logs',
  'read-fs',
  'alloc-exec',
  'alloc-lifecycle',
  'csi-mount-volume',
  'csi-write-volume',
  'submit-recommendation',
  'host-volume-create',
];

export const NAMESPACE_CAPABILITIES: ReadonlySet<string> = new Set([
  'deny',
  'list-jobs',
  'parse-job',
  'read-job',
  'submit-job',
  'dispatch-job',
  'read-logs',
  'read-fs',
  'alloc-exec',
  'alloc-node-exec',
  'alloc-lifecycle',
  'csi-register-plugin',
  'csi-write-volume',
  'csi-read-volume',
  'csi-list-volume',
  'csi-mount-volume',
  'host-volume-create',
  'host-volume-register',
  'host-volume-read',
  'host-volume-write',
  'host-volume-delete',
  'list-scaling-policies',
  'read-scaling-policy',
  'read-job-scaling',
  'scale-job',
  'register-job',
  'revert-job',
  'deregister-job',
  'purge-job',
  'evaluate-job',
  'plan-job',
  'tag-job-version',
  'stable-job',
  'fail-deployment',
  'pause-deployment',
  'promote-deployment',
  'unblock-deployment',
  'cancel-deployment',
  'set-alloc-health-deployment',
  'gc-allocation',
  'pause-allocation',
  'force-periodic-job',
  'delete-service-registration',
  'sentinel-override',
  'submit-recommendation',
]);

/** acl/policy.go expandNamespacePolicy. */
export function expandNamespacePolicy(policy: string): string[] {
  switch (policy) {
    case 'deny':
      return ['deny'];
    case 'read':
      return [...READ];
    case 'write':
      return [...READ, ...WRITE_EXTRA];
    case 'scale':
      return [
        'list-scaling-policies',
        'read-scaling-policy',
        'read-job-scaling',
        'scale-job',
        'read-job',
        'submit-recommendation',
      ];
    default:
      return [];
  }
}

/** Capabilities implied by fine-grained host volume capabilities (expandNamespaceCapabilities). */
function impliedCapabilities(caps: readonly string[]): string[] {
  const extra: string[] = [];
  for (const cap of caps) {
    if (cap === 'host-volume-write')
      extra.push('host-volume-register', 'host-volume-create', 'host-volume-delete', 'host-volume-read');
    if (cap === 'host-volume-register') extra.push('host-volume-create', 'host-volume-read');
    if (cap === 'host-volume-create') extra.push('host-volume-read');
  }
  return extra;
}

const VALID_NAME = /^[a-zA-Z0-9-*]{1,128}$/;
const LEVELS = new Set(['deny', 'read', 'write', 'scale']);

function str(v: HclValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

function strList(v: HclValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function level(body: HclBody, block: string): string | undefined {
  const found = body.blocks.filter((b) => b.type === block);
  if (found.length === 0) return undefined;
  const policy = str(found[found.length - 1]!.body.attributes.get('policy'));
  const valid = block === 'plugin' ? ['deny', 'read', 'list', 'write'] : [...LEVELS];
  if (!valid.includes(policy)) throw new Error(`Invalid ${block} policy: "${policy}"`);
  return policy;
}

export function parsePolicy(rules: string): ParsedPolicy {
  let body: HclBody;
  try {
    body = parseHcl(rules);
  } catch (err) {
    if (err instanceof HclError) throw new Error(`Failed to parse ACL Policy: ${err.message}`, { cause: err });
    throw err;
  }
  const policy: ParsedPolicy = { namespaces: [], hostVolumes: [], nodePools: [] };
  for (const block of body.blocks) {
    if (block.type !== 'namespace' && block.type !== 'host_volume' && block.type !== 'node_pool') continue;
    const name = block.labels[0] ?? '';
    const shorthand = str(block.body.attributes.get('policy'));
    const explicit = strList(block.body.attributes.get('capabilities'));
    if (block.type === 'namespace') {
      if (!VALID_NAME.test(name)) throw new Error(`Invalid namespace name: "${name}"`);
      if (shorthand !== '' && !LEVELS.has(shorthand)) throw new Error(`Invalid namespace policy: "${shorthand}"`);
      for (const cap of explicit) {
        if (!NAMESPACE_CAPABILITIES.has(cap)) throw new Error(`Invalid namespace capability '${cap}'`);
      }
      const caps = [...explicit, ...impliedCapabilities(explicit), ...expandNamespacePolicy(shorthand)];
      policy.namespaces.push({ name, policy: shorthand, capabilities: caps });
    } else if (block.type === 'host_volume') {
      const expanded =
        shorthand === 'deny'
          ? ['deny']
          : shorthand === 'read'
            ? ['mount-readonly']
            : shorthand === 'write'
              ? ['mount-readonly', 'mount-readwrite']
              : [];
      policy.hostVolumes.push({ name, policy: shorthand, capabilities: [...explicit, ...expanded] });
    } else {
      const expanded =
        shorthand === 'deny'
          ? ['deny']
          : shorthand === 'read'
            ? ['read']
            : shorthand === 'write'
              ? ['delete', 'read', 'write']
              : [];
      policy.nodePools.push({ name, policy: shorthand, capabilities: [...explicit, ...expanded] });
    }
  }
  for (const key of ['agent', 'node', 'operator', 'quota', 'plugin'] as const) {
    const value = level(body, key);
    if (value !== undefined) policy[key] = value;
  }
  const empty =
    policy.namespaces.length + policy.hostVolumes.length + policy.nodePools.length === 0 &&
    !policy.agent &&
    !policy.node &&
    !policy.operator &&
    !policy.quota &&
    !policy.plugin;
  if (empty && rules.trim() !== '') throw new Error(`Invalid policy: ${rules}`);
  return policy;
}
