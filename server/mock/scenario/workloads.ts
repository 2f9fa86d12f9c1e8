/**
 * The scenario's bookkeeping and the commit helpers its stories share. Every write goes
 * through `store.commit` with the raft type Nomad's FSM would use, so the event stream,
 * the REST endpoints and blocking queries all see the same change.
 */
import { unixNano } from '../../http/go-time.ts';
import { buildAlloc, buildDeployment, buildEval, type AllocSpec } from '../build-alloc.ts';
import type { JobSpec } from '../build-job.ts';
import { serviceRegistrationId, type ServiceRegistrationWire } from '../events/service-registration.ts';
import type { Rng } from '../prng.ts';
import { candidates, place } from '../scheduler.ts';
import { nsKey, type RaftType, type StateStore, type Txn } from '../store.ts';
import type { DeploymentWire, EvaluationWire, JobWire } from '../wire.ts';
import { putAllocs, putEvals } from '../writes.ts';

export interface ScenarioContext {
  store: StateStore;
  rng: Rng;
  now: () => number;
  acl: boolean;
  /** Steps taken so far (stories use it to age things). */
  readonly step: number;
  /** A fresh number for names (`checkout-api-7`). */
  seq(): number;
}

/** A job the scenario created and keeps driving. */
export interface Workload {
  namespace: string;
  id: string;
  type: 'service' | 'batch';
  /** The allocations it still tracks (live or just finished), as build specs. */
  allocs: AllocSpec[];
  deploymentId: string | undefined;
  /** A story is driving it now; others leave it alone. */
  busy: boolean;
  /** Step at which it was stopped or finished; GC waits a while after this. */
  doneAtStep: number | undefined;
}

export interface SimNode {
  id: string;
  name: string;
  busy: boolean;
  registeredAtStep: number;
}

export interface ScenarioState {
  workloads: Workload[];
  nodes: SimNode[];
  aclSets: number;
}

export function emptyState(): ScenarioState {
  return { workloads: [], nodes: [], aclSets: 0 };
}

export function jobKey(w: Pick<Workload, 'namespace' | 'id'>): string {
  return nsKey(w.namespace, w.id);
}

export function currentJob(ctx: ScenarioContext, w: Workload): JobWire | undefined {
  return ctx.store.get('jobs', jobKey(w));
}

export function newEval(
  ctx: ScenarioContext,
  job: JobWire,
  txn: Txn,
  triggeredBy: string,
  status: EvaluationWire['Status'],
  extra: { id?: string; deploymentId?: string; createIndex?: number; queued?: Record<string, number> } = {},
): EvaluationWire {
  return buildEval({
    id: extra.id ?? ctx.rng.uuid(),
    job,
    triggeredBy,
    status,
    createMs: ctx.now(),
    modifyMs: ctx.now(),
    createIndex: extra.createIndex ?? txn.index,
    modifyIndex: txn.index,
    ...(extra.deploymentId ? { deploymentId: extra.deploymentId } : {}),
    ...(extra.queued ? { queued: extra.queued } : {}),
  });
}

/** Allocation specs for a scheduling pass of `job` (placements as the mock scheduler decides them). */
export function planAllocs(
  ctx: ScenarioContext,
  job: JobWire,
  evalId: string,
  opts: { deploymentId?: string | undefined; limit?: number; canary?: boolean } = {},
): { specs: AllocSpec[]; queued: Record<string, number> } {
  const nodes = candidates(ctx.store, job.Datacenters);
  const { placements, queued } = place(ctx.store, job, nodes);
  const now = ctx.now();
  const specs = placements.slice(0, opts.limit ?? placements.length).map((p): AllocSpec => ({
    id: ctx.rng.uuid(),
    evalId,
    job,
    group: p.group,
    ordinal: p.ordinal,
    node: p.node,
    clientStatus: 'pending',
    desiredStatus: 'run',
    tasks: 'pending',
    createMs: now,
    modifyMs: now,
    createIndex: 0,
    modifyIndex: 0,
    nodesEvaluated: nodes.length,
    ...(opts.deploymentId ? { deploymentId: opts.deploymentId } : {}),
    ...(opts.canary ? { health: { healthy: null, canary: true, atMs: now } } : {}),
  }));
  return { specs, queued };
}

/** Stamps `specs` with this commit's index (and `patch`), and writes them. */
export function writeAllocs(
  ctx: ScenarioContext,
  txn: Txn,
  specs: readonly AllocSpec[],
  patch: Partial<AllocSpec> = {},
): void {
  for (const s of specs) {
    Object.assign(s, patch, { modifyIndex: txn.index, modifyMs: ctx.now() });
    if (s.createIndex === 0) s.createIndex = txn.index;
  }
  putAllocs(txn, specs.map(buildAlloc));
}

export function commitAllocs(
  ctx: ScenarioContext,
  type: RaftType,
  specs: readonly AllocSpec[],
  patch: Partial<AllocSpec>,
  extra?: (txn: Txn) => void,
): void {
  if (specs.length === 0) return;
  ctx.store.commit(type, (txn) => {
    writeAllocs(ctx, txn, specs, patch);
    extra?.(txn);
  });
}

export function deploymentOf(
  ctx: ScenarioContext,
  job: JobWire,
  id: string,
  txn: Txn,
  opts: {
    status: DeploymentWire['Status'];
    description: string;
    desired: number;
    placed: number;
    healthy: number;
    canaries?: string[];
    promoted?: boolean;
  },
): DeploymentWire {
  const previous = txn.get('deployment', id);
  const group = job.TaskGroups?.[0]?.Name ?? 'main';
  const d = buildDeployment({
    id,
    job,
    status: opts.status,
    statusDescription: opts.description,
    groups: { [group]: { desired: opts.desired, placed: opts.placed, healthy: opts.healthy, unhealthy: 0 } },
    createMs: previous ? Math.floor(previous.CreateTime / 1_000_000) : ctx.now(),
    modifyMs: ctx.now(),
    createIndex: previous?.CreateIndex ?? txn.index,
    modifyIndex: txn.index,
  });
  if (opts.canaries) {
    const tg = d.TaskGroups![group]!;
    d.TaskGroups![group] = {
      ...tg,
      DesiredCanaries: opts.canaries.length,
      PlacedCanaries: opts.canaries,
      Promoted: opts.promoted ?? false,
    };
  }
  return d;
}

export function putEval(txn: Txn, ev: EvaluationWire): void {
  putEvals(txn, [ev]);
}

/** Job specs the scenario registers: small, readable, in the seeded datacenters. */
const SERVICE_NAMES = ['checkout-api', 'search-web', 'image-resizer', 'payments-gateway', 'notifier', 'geo-lookup'];
const BATCH_NAMES = ['nightly-report', 'thumbnail-backfill', 'ledger-reconcile', 'log-compactor', 'index-rebuild'];
const IMAGES: Record<string, string> = {
  service: 'registry.internal/web:1.',
  batch: 'registry.internal/jobs:2.',
};

export function workloadSpec(ctx: ScenarioContext, type: 'service' | 'batch', namespace: string): JobSpec {
  const base = ctx.rng.pick(type === 'service' ? SERVICE_NAMES : BATCH_NAMES);
  const id = `${base}-${ctx.seq()}`;
  const group = type === 'service' ? 'web' : 'run';
  return {
    id,
    namespace,
    type,
    priority: type === 'service' ? 50 : 40,
    datacenters: ['dc1', 'dc2'],
    groups: [
      {
        name: group,
        count: type === 'service' ? ctx.rng.int(2, 3) : 1,
        tasks: [
          {
            name: type === 'service' ? 'server' : 'worker',
            driver: 'docker',
            config: { image: `${IMAGES[type]}${ctx.rng.int(0, 9)}` },
            cpu: type === 'service' ? 200 : 500,
            memoryMB: type === 'service' ? 256 : 512,
          },
        ],
      },
    ],
    meta: { owner: 'scenario' },
  };
}

/** Current time in Nomad's UnixNano form, for rows patched in place. */
export function nowNanos(ctx: ScenarioContext): number {
  return unixNano(ctx.now());
}

/** The client registers the allocations' Nomad services once their tasks run. */
export function registerServices(ctx: ScenarioContext, allocs: readonly AllocSpec[]): void {
  if (allocs.length === 0) return;
  ctx.store.commit('ServiceRegistration', (txn) => {
    for (const a of allocs) {
      const task = a.job.TaskGroups?.find((g) => g.Name === a.group)?.Tasks[0]?.Name ?? 'main';
      const service: ServiceRegistrationWire = {
        Address: a.node.HTTPAddr.replace(/:\d+$/, ''),
        AllocID: a.id,
        CreateIndex: txn.index,
        Datacenter: a.node.Datacenter,
        ID: serviceRegistrationId(a.id, a.group, task, a.job.ID, 'http'),
        JobID: a.job.ID,
        ModifyIndex: txn.index,
        Namespace: a.job.Namespace,
        NodeID: a.node.ID,
        Port: ctx.rng.int(20_000, 32_000),
        ServiceName: a.job.ID,
        Tags: ['http', `v${a.job.Version}`],
      };
      txn.put('service_registrations', service.ID, service);
    }
  });
}

/** …and removes them when the allocations stop. Returns whether anything was removed. */
export function deregisterServices(ctx: ScenarioContext, allocs: readonly AllocSpec[]): boolean {
  const ids = new Set(allocs.map((a) => a.id));
  const doomed = ctx.store.list('service_registrations').filter((s) => ids.has(s.AllocID));
  if (doomed.length === 0) return false;
  ctx.store.commit('ServiceDeregistration', (txn) => doomed.forEach((s) => txn.delete('service_registrations', s.ID)));
  return true;
}
