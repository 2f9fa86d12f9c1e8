/**
 * `--allocs N`: tops the seeded cluster up to N allocations with synthetic jobs, so the
 * dashboard can be tried against a large cluster (20 000 allocations and more). The jobs
 * are ordinary jobs written through the store (jobs and evaluations, then allocations);
 * statuses are mixed like a busy cluster's, allocations on a down node are lost. Big jobs
 * keep the number of job summary recomputations small.
 */
import type { AllocClientStatus, AllocDesiredStatus } from '../../../src/lib/nomad/types.ts';
import { unixNano } from '../../http/go-time.ts';
import { buildAlloc, buildEval } from '../build-alloc.ts';
import { buildJob, type JobSpec } from '../build-job.ts';
import { createRng } from '../prng.ts';
import type { StateStore } from '../store.ts';
import type { TaskScenario } from '../task-events.ts';
import { putAllocs, putEvals, putJob } from '../writes.ts';

export const MAX_BULK_ALLOCS = 200_000;
const PER_JOB = 1000;
const WORDS = ['ingest', 'render', 'search', 'cache', 'api', 'worker', 'metrics', 'queue', 'thumb', 'mailer'];
const NAMESPACES = ['default', 'prod', 'staging'];
const MIN = 60_000;

interface Outcome {
  client: AllocClientStatus;
  desired: AllocDesiredStatus;
  tasks: TaskScenario;
}

function outcome(r: number, batch: boolean): Outcome {
  if (r < 0.04) return { client: 'pending', desired: 'run', tasks: 'pending' };
  if (r < 0.1) return { client: 'failed', desired: 'run', tasks: 'failed' };
  if (r < 0.18)
    return batch
      ? { client: 'complete', desired: 'run', tasks: 'complete' }
      : { client: 'complete', desired: 'stop', tasks: 'killed' };
  if (r < 0.23) return { client: 'running', desired: 'run', tasks: 'restarted' };
  return { client: 'running', desired: 'run', tasks: 'running' };
}

/** Adds synthetic jobs until the store holds `total` allocations (no-op when it already does). */
export function seedBulkAllocations(store: StateStore, opts: { total: number; seed: number; nowMs: number }): number {
  let missing = Math.min(opts.total, MAX_BULK_ALLOCS) - store.keys('allocs').length;
  if (missing <= 0) return 0;
  const rng = createRng(opts.seed).fork('bulk-allocs');
  const nodes = store.list('nodes');
  const placeable = nodes.filter((n) => n.Status === 'ready');
  if (placeable.length === 0) return 0;
  const nodeCount = nodes.filter((n) => n.Status === 'ready').length;
  const plans: { spec: JobSpec; count: number; batch: boolean; submitMs: number; evalId: string }[] = [];
  for (let j = 0; missing > 0; j++) {
    const count = Math.min(missing, PER_JOB);
    const batch = j % 4 === 3;
    const word = WORDS[j % WORDS.length]!;
    const spec: JobSpec = {
      id: `${word}-${String(j).padStart(3, '0')}`,
      namespace: NAMESPACES[j % NAMESPACES.length]!,
      type: batch ? 'batch' : 'service',
      priority: 50,
      datacenters: ['dc1', 'dc2'],
      groups: [
        {
          name: batch ? 'run' : 'app',
          count,
          tasks: [
            {
              name: word,
              driver: j % 5 === 4 ? 'exec' : 'docker',
              config: { image: `registry.internal/${word}:1.${j % 9}.0` },
              cpu: 100 + 50 * (j % 8),
              memoryMB: 128 * (1 + (j % 6)),
            },
          ],
        },
      ],
      meta: { generated: 'bulk' },
    };
    plans.push({ spec, count, batch, submitMs: opts.nowMs - (120 + j) * MIN, evalId: rng.uuid() });
    missing -= count;
  }
  // Two commits for all the jobs (each job write recomputes its summary over the allocs
  // table, so writing the jobs before their allocations keeps seeding fast).
  store.commit('JobRegistered', (txn) => {
    for (const { spec, submitMs, evalId } of plans) {
      const job = buildJob(spec, {
        index: txn.index,
        version: 0,
        submitTimeNanos: unixNano(submitMs),
        status: 'pending',
      });
      putJob(txn, job);
      putEvals(txn, [
        buildEval({
          id: evalId,
          job,
          triggeredBy: 'job-register',
          status: 'complete',
          createMs: submitMs,
          modifyMs: submitMs + 1000,
          createIndex: txn.index,
          modifyIndex: txn.index,
          queued: { [spec.groups[0]!.name]: 0 },
        }),
      ]);
    }
  });
  let added = 0;
  store.commit('PlanResult', (txn) => {
    const allocs = [];
    for (const { spec, count, batch, submitMs, evalId } of plans) {
      const job = txn.get('jobs', `${spec.namespace}\u0000${spec.id}`)!;
      for (let i = 0; i < count; i++) {
        // A few allocations sit on the down node, where they are lost.
        const onDown = nodes.length > placeable.length && rng.next() < 0.02;
        const node = onDown ? nodes.find((n) => n.Status !== 'ready')! : placeable[i % placeable.length]!;
        const o = onDown
          ? { client: 'lost' as const, desired: 'stop' as const, tasks: 'killed' as const }
          : outcome(rng.next(), batch);
        const createMs = submitMs + 2000 + rng.int(0, 60) * 1000;
        const modifyMs = Math.min(opts.nowMs - 1000, createMs + rng.int(1, 90) * MIN);
        allocs.push(
          buildAlloc({
            id: rng.uuid(),
            evalId,
            job,
            group: spec.groups[0]!.name,
            ordinal: i,
            node,
            clientStatus: o.client,
            desiredStatus: o.desired,
            ...(o.client === 'lost' ? { desiredDescription: 'alloc is lost since its node is down' } : {}),
            tasks: o.tasks,
            createMs,
            modifyMs,
            createIndex: txn.index,
            modifyIndex: txn.index,
            nodesEvaluated: nodeCount,
          }),
        );
      }
    }
    putAllocs(txn, allocs);
    added = allocs.length;
  });
  return added;
}
