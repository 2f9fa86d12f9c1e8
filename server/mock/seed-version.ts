/**
 * Writes one version of a seeded job as the raft commits a real cluster would have made:
 * JobRegistered (job + evaluation), PlanResult (allocations + deployment),
 * EvaluationUpdated (evaluation complete), AllocationUpdated (client status reports).
 */
import { unixNano } from '../http/go-time.ts';
import { allocMetric, buildAlloc, buildDeployment, buildEval } from './build-alloc.ts';
import { buildJob, type JobSpec } from './build-job.ts';
import type { Rng } from './prng.ts';
import type { AllocPlan, JobPlan } from './catalog-kit.ts';
import type { StateStore } from './store.ts';
import { putAllocs, putEvals, putJob, setQueued } from './writes.ts';
import type { AllocationWire, EvaluationWire, JobWire, NodeRecord } from './wire.ts';

const MIN = 60_000;

export interface SeedJobsContext {
  store: StateStore;
  rng: Rng;
  nowMs: number;
  nodes: readonly NodeRecord[];
}

function clampPast(ms: number, nowMs: number): number {
  return Math.min(ms, nowMs - 1000);
}

export interface Written {
  job: JobWire;
  evalId: string;
}

/** Writes a job version, its evaluation, allocations and deployment. */
export function writeVersion(
  ctx: SeedJobsContext,
  spec: JobSpec,
  opts: {
    version: number;
    submitMs: number;
    stop: boolean;
    allocs: AllocPlan[];
    plan: JobPlan | undefined;
    trigger: string;
  },
  previous: Written | undefined,
): Written {
  const { store, rng, nowMs } = ctx;
  const parent = spec.periodic !== undefined || (spec.parameterized !== undefined && !spec.dispatched);
  const evalId = rng.uuid();
  const allocIds = opts.allocs.map(() => rng.uuid());
  const deploymentId = opts.plan?.deployment ? rng.uuid() : undefined;
  const submitNanos = unixNano(opts.submitMs);
  let job!: JobWire;
  let registerEval: EvaluationWire | undefined;
  store.commit('JobRegistered', (txn) => {
    job = buildJob(spec, {
      index: txn.index,
      version: opts.version,
      submitTimeNanos: submitNanos,
      status: 'pending',
      stop: opts.stop,
      stable: opts.plan?.deployment?.status === 'successful',
    });
    if (previous) job = { ...job, CreateIndex: previous.job.CreateIndex };
    putJob(txn, job);
    if (parent) return;
    registerEval = buildEval({
      id: evalId,
      job,
      triggeredBy: opts.trigger,
      status: 'pending',
      createMs: opts.submitMs,
      modifyMs: opts.submitMs,
      createIndex: txn.index,
      modifyIndex: txn.index,
    });
    putEvals(txn, [registerEval]);
  });
  if (parent) return { job, evalId };

  const nodeCount = ctx.nodes.filter((n) => n.Status === 'ready' && n.SchedulingEligibility === 'eligible').length;
  const timeOf = (a: AllocPlan): { create: number; modify: number } => {
    const create = clampPast(opts.submitMs + a.afterMin * MIN, nowMs);
    const lived =
      a.livedMin !== undefined
        ? create + a.livedMin * MIN
        : create + (a.status === 'pending' ? 2000 : a.tasks === 'restarted' ? 640_000 : 6000);
    return { create, modify: clampPast(lived, nowMs) };
  };
  const build = (a: AllocPlan, i: number, index: number, final: boolean, planIndex: number): AllocationWire => {
    const t = timeOf(a);
    const current = !a.previousVersion;
    const replacedBy = opts.allocs.findIndex((b) => b.replaces === i);
    return buildAlloc({
      id: allocIds[i]!,
      evalId: current || !previous ? evalId : previous.evalId,
      job: current ? job : previous!.job,
      group: a.group,
      ordinal: a.ordinal,
      node: ctx.nodes[a.node]!,
      clientStatus: final ? a.status : 'pending',
      desiredStatus: final ? (a.desired ?? 'run') : 'run',
      ...(final && a.desiredDescription ? { desiredDescription: a.desiredDescription } : {}),
      tasks: final ? a.tasks : 'pending',
      createMs: t.create,
      modifyMs: final ? t.modify : t.create,
      createIndex: planIndex,
      modifyIndex: index,
      ...(current && deploymentId ? { deploymentId } : {}),
      ...(final && current && a.healthy !== undefined && a.healthy !== null
        ? { health: { healthy: a.healthy, canary: false, atMs: t.create + 15_000 } }
        : {}),
      ...(a.replaces !== undefined ? { previousAllocation: allocIds[a.replaces]! } : {}),
      ...(final && replacedBy >= 0 ? { nextAllocation: allocIds[replacedBy]! } : {}),
      nodesEvaluated: nodeCount,
    });
  };

  let planIndex = 0;
  const placesSomething = opts.allocs.length > 0 || deploymentId !== undefined;
  if (placesSomething)
    store.commit('PlanResult', (txn) => {
      planIndex = txn.index;
      putAllocs(
        txn,
        opts.allocs.map((a, i) => build(a, i, txn.index, false, txn.index)),
      );
      const deployment = opts.plan?.deployment;
      if (deployment && deploymentId) {
        const groups: Record<string, { desired: number; placed: number; healthy: number; unhealthy: number }> = {};
        for (const tg of job.TaskGroups ?? []) {
          const mine = opts.allocs.filter((a) => a.group === tg.Name && !a.previousVersion);
          groups[tg.Name] = {
            desired: tg.Count,
            placed: mine.length,
            healthy: mine.filter((a) => a.healthy === true).length,
            unhealthy: mine.filter((a) => a.healthy === false).length,
          };
        }
        txn.put(
          'deployment',
          deploymentId,
          buildDeployment({
            id: deploymentId,
            job,
            status: deployment.status,
            statusDescription: deployment.description,
            groups,
            createMs: opts.submitMs,
            modifyMs: clampPast(opts.submitMs + 4 * MIN, nowMs),
            createIndex: txn.index,
            modifyIndex: txn.index,
          }),
        );
      }
    });

  store.commit('EvaluationUpdated', (txn) => {
    const evals: EvaluationWire[] = [];
    const queued: Record<string, number> = {};
    for (const tg of job.TaskGroups ?? []) queued[tg.Name] = opts.plan?.queued?.[tg.Name] ?? 0;
    let blockedId: string | undefined;
    if (opts.plan?.queued) {
      blockedId = rng.uuid();
      evals.push(
        buildEval({
          id: blockedId,
          job,
          triggeredBy: 'queued-allocs',
          status: 'blocked',
          statusDescription: 'created to place remaining allocations',
          createMs: opts.submitMs + 1000,
          modifyMs: opts.submitMs + 1000,
          createIndex: txn.index,
          modifyIndex: txn.index,
          previousEval: evalId,
        }),
      );
    }
    const failed = opts.plan?.queued
      ? Object.fromEntries(
          Object.keys(opts.plan.queued).map((g) => [
            g,
            {
              ...allocMetric(nodeCount, {}),
              ConstraintFiltered: { '${meta.env} = staging': nodeCount - 1 },
              NodesFiltered: nodeCount - 1,
            },
          ]),
        )
      : null;
    evals.push(
      buildEval({
        id: evalId,
        job,
        triggeredBy: opts.trigger,
        status: 'complete',
        createMs: opts.submitMs,
        modifyMs: opts.submitMs + 1000,
        createIndex: registerEval!.CreateIndex,
        modifyIndex: txn.index,
        queued,
        ...(deploymentId ? { deploymentId } : {}),
        ...(blockedId ? { blockedEval: blockedId } : {}),
        ...(failed ? { failedTGAllocs: failed } : {}),
      }),
    );
    putEvals(txn, evals);
    if (opts.plan?.queued) setQueued(txn, job.Namespace, job.ID, opts.plan.queued);
  });

  const followups = new Map<number, EvaluationWire>();
  if (opts.allocs.length > 0)
    store.commit('AllocationUpdated', (txn) => {
      let finals = opts.allocs.map((a, i) => build(a, i, txn.index, true, planIndex));
      opts.allocs.forEach((a, i) => {
        // Rescheduled failures and lost allocations were each handled by an evaluation.
        const rescheduled = a.status === 'failed' && opts.allocs.some((b) => b.replaces === i);
        if (!rescheduled && a.status !== 'lost') return;
        const t = timeOf(a);
        followups.set(
          i,
          buildEval({
            id: rng.uuid(),
            job,
            triggeredBy: rescheduled ? 'alloc-failure' : 'node-update',
            status: 'complete',
            createMs: t.modify,
            modifyMs: t.modify + 500,
            createIndex: txn.index,
            modifyIndex: txn.index,
            ...(rescheduled ? {} : { nodeId: ctx.nodes[a.node]!.ID }),
          }),
        );
      });
      finals = finals.map((alloc, i) => {
        const f = followups.get(i);
        return f && opts.allocs[i]!.status === 'failed' ? { ...alloc, FollowupEvalID: f.ID } : alloc;
      });
      putAllocs(txn, finals);
      if (followups.size > 0) putEvals(txn, [...followups.values()]);
    });
  return { job, evalId };
}
