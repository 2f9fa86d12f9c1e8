/**
 * Builds the seeded cluster through the state store, commit by commit, from the catalog:
 * namespaces, nodes, ACL objects (when enabled) and jobs with their history. The same
 * seed and clock give byte-identical state.
 */
import { buildNamespace, buildNode } from './build-node.ts';
import { createRng } from './prng.ts';
import type { MockTokenInfo } from './cluster.ts';
import { seedAcl } from './seed-acl.ts';
import { DEFAULT_NAMESPACE_JOBS } from './catalog-default.ts';
import { NODE_PLANS } from './catalog-nodes.ts';
import { OTHER_NAMESPACE_JOBS } from './catalog-other.ts';
import { seedJob } from './seed-jobs.ts';
import type { StateStore } from './store.ts';
import type { NodeRecord } from './wire.ts';

export interface SeedOptions {
  seed: number;
  acl: boolean;
  nowMs: number;
}

export interface SeedResult {
  tokens: MockTokenInfo[];
}

const NAMESPACES: readonly [string, string, Record<string, string> | null][] = [
  ['default', 'Default shared namespace', null],
  ['prod', 'Production workloads', { owner: 'sre', 'cost-center': 'cc-1042' }],
  ['staging', 'Pre-production testing', { owner: 'qa' }],
];

export function seedCluster(store: StateStore, opts: SeedOptions): SeedResult {
  const rng = createRng(opts.seed);
  const nodeRng = rng.fork('nodes');
  store.commit('NamespaceUpserted', (txn) => {
    for (const [name, description, meta] of NAMESPACES) {
      txn.put('namespaces', name, buildNamespace(name, description, meta, txn.index));
    }
  });

  const nodes: NodeRecord[] = [];
  NODE_PLANS.forEach((plan, i) => {
    const registeredMs = opts.nowMs - (30 - i) * 86_400_000;
    const changedMs = plan.status === 'down' ? opts.nowMs - 110 * 60_000 : registeredMs;
    const id = nodeRng.uuid();
    const instanceId = `i-0${nodeRng.hex(16)}`;
    store.commit('NodeRegistration', (txn) => {
      const node = buildNode({
        id,
        name: plan.name,
        datacenter: plan.datacenter,
        ip: plan.ip,
        nodeClass: plan.nodeClass,
        status: plan.status,
        eligibility: plan.eligibility,
        cores: plan.cores,
        mhzPerCore: 2900,
        memoryMB: plan.memoryMB,
        diskMB: 102_400,
        drivers: plan.drivers,
        meta: plan.meta,
        instanceId,
        registeredMs,
        statusChangedMs: plan.eligibility === 'ineligible' ? opts.nowMs - 26 * 3_600_000 : changedMs,
        createIndex: txn.index,
        modifyIndex: txn.index,
      });
      txn.put('nodes', id, node);
      nodes.push(node);
    });
  });

  const tokens = opts.acl ? seedAcl(store, rng.fork('acl'), opts.nowMs) : [];
  const jobRng = rng.fork('jobs');
  for (const plan of [...DEFAULT_NAMESPACE_JOBS, ...OTHER_NAMESPACE_JOBS])
    seedJob({ store, rng: jobRng, nowMs: opts.nowMs, nodes }, plan);
  return { tokens };
}
