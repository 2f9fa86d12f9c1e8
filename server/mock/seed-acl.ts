/**
 * The demo ACL setup (only when ACLs are on): a management token like the one
 * `nomad acl bootstrap` prints, and restricted tokens that each show a different kind of
 * denial in the dashboard. No `anonymous` policy exists, as on a freshly bootstrapped
 * cluster: requests without a token can do nothing.
 *
 * Secrets come from their own PRNG stream so they stay the same for a given seed however
 * the rest of the seed data evolves.
 */
import { rfc3339Nano } from '../http/go-time.ts';
import { hash32 } from './build-node.ts';
import type { MockTokenInfo } from './cluster.ts';
import type { Rng } from './prng.ts';
import type { StateStore } from './store.ts';
import type { ACLPolicyWire, ACLRoleWire, ACLTokenRecord } from './wire.ts';

interface PolicyPlan {
  name: string;
  description: string;
  rules: string;
}

const POLICIES: readonly PolicyPlan[] = [
  {
    name: 'prod-read',
    description: 'Read-only access to jobs in the prod namespace',
    rules: 'namespace "prod" {\n  policy = "read"\n}\n',
  },
  {
    name: 'node-read',
    description: 'Read client nodes, nothing else',
    rules: 'node {\n  policy = "read"\n}\n',
  },
  {
    name: 'default-logs',
    description: 'Read jobs, logs and files in the default namespace; no exec',
    rules:
      '# Enough to debug from logs, deliberately without alloc-exec.\nnamespace "default" {\n  capabilities = ["list-jobs", "read-job", "read-logs", "read-fs"]\n}\n',
  },
  {
    name: 'staging-operator',
    description: 'Operate the staging namespace and read nodes',
    rules:
      'namespace "staging" {\n  policy = "write"\n}\n\nnode {\n  policy = "read"\n}\n\nagent {\n  policy = "read"\n}\n',
  },
];

interface TokenPlan {
  name: string;
  description: string;
  type: 'management' | 'client';
  policies?: string[];
  role?: string;
  ttlHours?: number;
}

const TOKENS: readonly TokenPlan[] = [
  {
    name: 'Management Token',
    description: 'management: can do everything (like the `nomad acl bootstrap` token)',
    type: 'management',
  },
  {
    name: 'prod read-only',
    description: 'namespace prod: policy read (list and read jobs, allocations)',
    type: 'client',
    policies: ['prod-read'],
  },
  {
    name: 'node reader',
    description: 'node: read only; no job access anywhere',
    type: 'client',
    policies: ['node-read'],
  },
  {
    name: 'logs reader',
    description: 'namespace default: list-jobs, read-job, read-logs, read-fs; no alloc-exec',
    type: 'client',
    policies: ['default-logs'],
  },
  {
    name: 'staging operator',
    description: 'via role staging-operators: namespace staging write, node read, agent read; 720h TTL',
    type: 'client',
    role: 'staging-operators',
    ttlHours: 720,
  },
];

const HOUR_NS = 3_600_000_000_000n;

export function seedAcl(store: StateStore, rng: Rng, nowMs: number): MockTokenInfo[] {
  const createdMs = nowMs - 86_400_000;
  store.commit('ACLPolicyUpserted', (txn) => {
    for (const p of POLICIES) {
      const policy: ACLPolicyWire = {
        CreateIndex: txn.index,
        Description: p.description,
        Hash: hash32(p.name, p.description, p.rules),
        JobACL: null,
        ModifyIndex: txn.index,
        Name: p.name,
        Rules: p.rules,
        RulesJSON: null,
      };
      txn.put('acl_policy', p.name, policy);
    }
  });
  const roleId = rng.uuid();
  store.commit('ACLRoleUpserted', (txn) => {
    const role: ACLRoleWire = {
      CreateIndex: txn.index,
      Description: 'Operators of the staging environment',
      Hash: hash32('staging-operators'),
      ID: roleId,
      ModifyIndex: txn.index,
      Name: 'staging-operators',
      Policies: [{ Name: 'staging-operator' }],
    };
    txn.put('acl_role', roleId, role);
  });
  const infos: MockTokenInfo[] = [];
  store.commit('ACLTokenUpserted', (txn) => {
    for (const t of TOKENS) {
      const accessorId = rng.uuid();
      const secretId = rng.uuid();
      const ttl = t.ttlHours ? BigInt(t.ttlHours) * HOUR_NS : 0n;
      const token: ACLTokenRecord = {
        AccessorID: accessorId,
        SecretID: secretId,
        Name: t.name,
        Type: t.type,
        Policies: t.policies ?? null,
        Roles: t.role ? [{ ID: roleId, Name: t.role }] : null,
        Global: t.type === 'management',
        Hash: hash32(accessorId, t.name, t.type),
        CreateTime: rfc3339Nano(createdMs),
        ExpirationTime: t.ttlHours ? rfc3339Nano(createdMs + t.ttlHours * 3_600_000) : undefined,
        ExpirationTTLNanos: ttl,
        CreateIndex: txn.index,
        ModifyIndex: txn.index,
      };
      txn.put('acl_token', accessorId, token);
      infos.push({ name: t.name, accessorId, secretId, description: t.description });
    }
  });
  return infos;
}
