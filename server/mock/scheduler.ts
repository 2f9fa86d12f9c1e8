/**
 * A tiny scheduler for jobs registered at runtime (the `/__mock/jobs` control route): it
 * makes the same sequence of raft commits a real cluster would — JobRegistered,
 * PlanResult, EvaluationUpdated, AllocationUpdated and, for service jobs, the deployment
 * becoming healthy and successful — synchronously, so the response reflects the result.
 */
import { unixNano } from '../http/go-time.ts';
import { globMatch } from './acl/acl.ts';
import { buildAlloc, buildDeployment, buildEval } from './build-alloc.ts';
import { buildJob, type JobSpec } from './build-job.ts';
import type { Rng } from './prng.ts';
import { nsKey, type StateStore } from './store.ts';
import { isTerminalAlloc } from './views.ts';
import { putAllocs, putEvals, putJob, setQueued } from './writes.ts';
import type { AllocationWire, JobWire, NodeRecord } from './wire.ts';

export interface SchedulerContext {
  store: StateStore;
  rng: Rng;
  now: () => number;
}

export interface RegisterResult {
  EvalID: string;
  Index: number;
  JobModifyIndex: number;
  AllocIDs: string[];
}

export function candidates(store: StateStore, datacenters: readonly string[]): NodeRecord[] {
  return store
    .list('nodes')
    .filter((n) => n.Status === 'ready' && n.SchedulingEligibility === 'eligible')
    .filter((n) => datacenters.some((dc) => globMatch(dc, n.Datacenter)));
}

export interface Placement {
  group: string;
  ordinal: number;
  node: NodeRecord;
}

export function place(
  store: StateStore,
  job: JobWire,
  nodes: NodeRecord[],
): { placements: Placement[]; queued: Record<string, number> } {
  const placements: Placement[] = [];
  const queued: Record<string, number> = {};
  const load = new Map<string, number>();
  const mine = new Map<string, number>();
  for (const a of store.list('allocs')) {
    if (!isTerminalAlloc(a)) load.set(a.NodeID, (load.get(a.NodeID) ?? 0) + 1);
  }
  for (const tg of job.TaskGroups ?? []) {
    queued[tg.Name] = 0;
    if (job.Type === 'system' || job.Type === 'sysbatch') {
      nodes.forEach((node) => placements.push({ group: tg.Name, ordinal: 0, node }));
      continue;
    }
    for (let ordinal = 0; ordinal < tg.Count; ordinal++) {
      // Like Nomad's job anti-affinity: fewest allocations of this job first, then the
      // least loaded node; node ID order breaks ties so placement is deterministic.
      const node = [...nodes].sort(
        (a, b) =>
          (mine.get(a.ID) ?? 0) - (mine.get(b.ID) ?? 0) ||
          (load.get(a.ID) ?? 0) - (load.get(b.ID) ?? 0) ||
          (a.ID < b.ID ? -1 : 1),
      )[0];
      if (!node) {
        queued[tg.Name]!++;
        continue;
      }
      load.set(node.ID, (load.get(node.ID) ?? 0) + 1);
      mine.set(node.ID, (mine.get(node.ID) ?? 0) + 1);
      placements.push({ group: tg.Name, ordinal, node });
    }
  }
  return { placements, queued };
}

export function registerJob(ctx: SchedulerContext, spec: JobSpec): RegisterResult {
  const { store, rng } = ctx;
  const key = nsKey(spec.namespace, spec.id);
  const existing = store.get('jobs', key);
  const nowMs = ctx.now();
  const evalId = rng.uuid();
  let job!: JobWire;
  const registered = store.commit('JobRegistered', (txn) => {
    job = buildJob(spec, {
      index: txn.index,
      createIndex: existing?.CreateIndex ?? txn.index,
      version: existing ? existing.Version + 1 : 0,
      submitTimeNanos: unixNano(nowMs),
      status: 'pending',
    });
    putJob(txn, job);
    putEvals(txn, [
      buildEval({
        id: evalId,
        job,
        triggeredBy: 'job-register',
        status: 'pending',
        createMs: nowMs,
        modifyMs: nowMs,
        createIndex: txn.index,
        modifyIndex: txn.index,
      }),
    ]);
  });

  const nodes = candidates(store, job.Datacenters);
  const { placements, queued } = place(store, job, nodes);
  const old = store
    .list('allocs')
    .filter((a) => a.Namespace === job.Namespace && a.JobID === job.ID && !isTerminalAlloc(a));
  const deploymentId = job.Type === 'service' && placements.length > 0 ? rng.uuid() : undefined;
  const ids = placements.map(() => rng.uuid());
  const nodeCount = nodes.length;
  const alloc = (
    p: Placement,
    i: number,
    status: 'pending' | 'running',
    createIndex: number,
    index: number,
    healthy?: boolean,
  ): AllocationWire =>
    buildAlloc({
      id: ids[i]!,
      evalId,
      job,
      group: p.group,
      ordinal: p.ordinal,
      node: p.node,
      clientStatus: status,
      desiredStatus: 'run',
      tasks: status,
      createMs: nowMs,
      modifyMs: ctx.now(),
      createIndex,
      modifyIndex: index,
      nodesEvaluated: nodeCount,
      ...(deploymentId ? { deploymentId } : {}),
      ...(healthy !== undefined ? { health: { healthy, canary: false, atMs: ctx.now() } } : {}),
    });
  const groupCounts = (healthy: number) =>
    Object.fromEntries(
      (job.TaskGroups ?? []).map((tg) => {
        const placed = placements.filter((p) => p.group === tg.Name).length;
        return [tg.Name, { desired: tg.Count, placed, healthy: healthy ? placed : 0, unhealthy: 0 }];
      }),
    );
  const deployment = (status: 'running' | 'successful', healthy: boolean, createIndex: number, index: number) =>
    buildDeployment({
      id: deploymentId!,
      job,
      status,
      statusDescription: status === 'running' ? 'Deployment is running' : 'Deployment completed successfully',
      groups: groupCounts(healthy ? 1 : 0),
      createMs: nowMs,
      modifyMs: ctx.now(),
      createIndex,
      modifyIndex: index,
    });

  let planIndex = 0;
  store.commit('PlanResult', (txn) => {
    planIndex = txn.index;
    const stopped = old.map((a) => ({
      ...a,
      DesiredStatus: 'stop' as const,
      DesiredDescription: 'alloc is being updated due to job update',
      ModifyIndex: txn.index,
      ModifyTime: unixNano(ctx.now()),
    }));
    putAllocs(txn, [...stopped, ...placements.map((p, i) => alloc(p, i, 'pending', txn.index, txn.index))]);
    if (deploymentId) txn.put('deployment', deploymentId, deployment('running', false, txn.index, txn.index));
  });
  store.commit('EvaluationUpdated', (txn) => {
    const blocked = Object.values(queued).some((n) => n > 0) ? rng.uuid() : undefined;
    const evals = [
      buildEval({
        id: evalId,
        job,
        triggeredBy: 'job-register',
        status: 'complete',
        createMs: nowMs,
        modifyMs: ctx.now(),
        createIndex: registered.index,
        modifyIndex: txn.index,
        queued,
        ...(deploymentId ? { deploymentId } : {}),
        ...(blocked ? { blockedEval: blocked } : {}),
      }),
    ];
    if (blocked)
      evals.push(
        buildEval({
          id: blocked,
          job,
          triggeredBy: 'queued-allocs',
          status: 'blocked',
          createMs: nowMs,
          modifyMs: nowMs,
          createIndex: txn.index,
          modifyIndex: txn.index,
          previousEval: evalId,
        }),
      );
    putEvals(txn, evals);
    setQueued(txn, job.Namespace, job.ID, queued);
  });
  store.commit('AllocationUpdated', (txn) => {
    const finished = old.map((a) => {
      const current = txn.get('allocs', a.ID)!;
      return {
        ...current,
        ClientStatus: 'complete' as const,
        ClientDescription: 'All tasks have completed',
        ModifyIndex: txn.index,
        ModifyTime: unixNano(ctx.now()),
      };
    });
    putAllocs(txn, [...finished, ...placements.map((p, i) => alloc(p, i, 'running', planIndex, txn.index))]);
  });
  if (deploymentId) {
    store.commit('DeploymentAllocHealth', (txn) => {
      putAllocs(
        txn,
        placements.map((p, i) => alloc(p, i, 'running', planIndex, txn.index, true)),
      );
      txn.put('deployment', deploymentId, deployment('running', true, planIndex, txn.index));
    });
    store.commit('DeploymentStatusUpdate', (txn) => {
      txn.put('deployment', deploymentId, deployment('successful', true, planIndex, txn.index));
      const current = txn.get('jobs', key)!;
      putJob(txn, { ...current, Stable: true, ModifyIndex: txn.index });
    });
  }
  return { EvalID: evalId, Index: store.index, JobModifyIndex: job.JobModifyIndex, AllocIDs: ids };
}
