/**
 * `Alloc.Stop` (nomad/alloc_endpoint.go) and what follows on a real cluster:
 *
 * 1. one raft entry (AllocUpdateDesiredTransitionRequest → event Type
 *    `AllocationUpdateDesiredStatus`): the alloc's DesiredTransition gets `Migrate: true`
 *    (and `NoShutdownDelay`), and a pending evaluation triggered by `alloc-stop` is created;
 * 2. the scheduler's plan (`PlanResult`): the alloc is stopped ("alloc is being migrated")
 *    and a replacement placed with `PreviousAllocation` pointing back (the state store sets
 *    the old alloc's `NextAllocation`), then the evaluation completes (`EvaluationUpdated`);
 * 3. the clients report (`AllocationUpdated`): the old alloc's tasks are killed and it
 *    completes; the replacement's tasks start and it runs.
 *
 * A terminal allocation, a stopped or deleted job, or no eligible node means no replacement:
 * the evaluation just completes.
 */
import type { AllocationWire, JobWire, NodeRecord } from '../wire.ts';
import { unixNano } from '../../http/go-time.ts';
import { globMatch } from '../acl/acl.ts';
import { buildAlloc, buildEval, CLIENT_DESCRIPTIONS } from '../build-alloc.ts';
import type { MockDeps } from '../http-kit.ts';
import { nsKey } from '../store.ts';
import { isTerminalAlloc } from '../views.ts';
import { putAllocs, putEvals } from '../writes.ts';
import type { ScopedTimers } from './scoped-timers.ts';
import { applyKilled, applyStarted, taskNames, taskStates } from './task-transitions.ts';

export interface StopResult {
  EvalID: string;
  Index: number;
}

export const MIGRATING_DESCRIPTION = 'alloc is being migrated';

function ordinalOf(alloc: AllocationWire): number {
  const m = /\[(\d+)\]$/.exec(alloc.Name);
  return m ? Number(m[1]) : 0;
}

/** Where the replacement goes: system jobs stay on their node; others prefer another node. */
function pickNode(deps: MockDeps, job: JobWire, old: AllocationWire): NodeRecord | undefined {
  const { store } = deps;
  if (job.Type === 'system' || job.Type === 'sysbatch') {
    const node = store.get('nodes', old.NodeID);
    return node?.Status === 'ready' ? node : undefined;
  }
  const nodes = store
    .list('nodes')
    .filter((n) => n.Status === 'ready' && n.SchedulingEligibility === 'eligible')
    .filter((n) => job.Datacenters.some((dc) => globMatch(dc, n.Datacenter)));
  if (nodes.length === 0) return undefined;
  const mine = new Map<string, number>();
  for (const a of store.list('allocs')) {
    if (a.Namespace === job.Namespace && a.JobID === job.ID && !isTerminalAlloc(a)) {
      mine.set(a.NodeID, (mine.get(a.NodeID) ?? 0) + 1);
    }
  }
  // A migration moves the alloc away from its node when another one can take it.
  const score = (n: NodeRecord) => (n.ID === old.NodeID ? 1000 : 0) + (mine.get(n.ID) ?? 0);
  return [...nodes].sort((a, b) => score(a) - score(b) || (a.ID < b.ID ? -1 : 1))[0];
}

export function stopAllocation(
  deps: MockDeps,
  timers: ScopedTimers,
  delayMs: number,
  alloc: AllocationWire,
  noShutdownDelay: boolean,
): StopResult {
  const { store, rng } = deps;
  const evalId = rng.uuid();
  const nowMs = deps.now();
  const evalSpec = {
    id: evalId,
    job: alloc.Job,
    triggeredBy: 'alloc-stop',
    createMs: nowMs,
  };
  const first = store.commit('AllocationUpdateDesiredStatus', (txn) => {
    const current = txn.get('allocs', alloc.ID) ?? alloc;
    putAllocs(txn, [
      {
        ...current,
        DesiredTransition: { ...current.DesiredTransition, Migrate: true, NoShutdownDelay: noShutdownDelay },
        ModifyIndex: txn.index,
        ModifyTime: unixNano(nowMs),
      },
    ]);
    putEvals(txn, [
      buildEval({ ...evalSpec, status: 'pending', modifyMs: nowMs, createIndex: txn.index, modifyIndex: txn.index }),
    ]);
  });

  const schedule = (): void => {
    const old = store.get('allocs', alloc.ID);
    const job = old ? store.get('jobs', nsKey(old.Namespace, old.JobID)) : undefined;
    const node = old && job && !job.Stop && !isTerminalAlloc(old) ? pickNode(deps, job, old) : undefined;
    const replacementId = node ? rng.uuid() : undefined;
    if (old && job && node && replacementId) {
      store.commit('PlanResult', (txn) => {
        const current = txn.get('allocs', old.ID)!;
        const at = deps.now();
        const placed = buildAlloc({
          id: replacementId,
          evalId,
          job,
          group: current.TaskGroup,
          ordinal: ordinalOf(current),
          node,
          clientStatus: 'pending',
          desiredStatus: 'run',
          tasks: 'pending',
          createMs: at,
          modifyMs: at,
          createIndex: txn.index,
          modifyIndex: txn.index,
          previousAllocation: current.ID,
          nodesEvaluated: store.list('nodes').filter((n) => n.Status === 'ready').length,
        });
        putAllocs(txn, [
          {
            ...current,
            DesiredStatus: 'stop',
            DesiredDescription: MIGRATING_DESCRIPTION,
            NextAllocation: replacementId,
            // A server-side write (upsertAllocsImpl) moves AllocModifyIndex too.
            AllocModifyIndex: txn.index,
            ModifyIndex: txn.index,
            ModifyTime: unixNano(at),
          },
          placed,
        ]);
      });
    }
    store.commit('EvaluationUpdated', (txn) => {
      const at = deps.now();
      const queued = old ? { [old.TaskGroup]: 0 } : {};
      putEvals(txn, [
        buildEval({
          ...evalSpec,
          job: job ?? alloc.Job,
          status: 'complete',
          modifyMs: at,
          createIndex: first.index,
          modifyIndex: txn.index,
          queued,
        }),
      ]);
    });
    if (!old || !replacementId) return;
    // The old node kills the tasks, then the new node starts the replacement.
    timers.after(delayMs, () => clientUpdate(deps, old.ID, 'complete', (s, at) => applyKilled(s, at)));
    timers.after(delayMs * 2, () =>
      clientUpdate(deps, replacementId, 'running', (s, at, a) => applyStarted(s, taskNames(a), at)),
    );
  };
  timers.after(delayMs, schedule);
  return { EvalID: evalId, Index: first.index };
}

type StatesChange = (
  states: NonNullable<AllocationWire['TaskStates']>,
  atMs: number,
  alloc: AllocationWire,
) => NonNullable<AllocationWire['TaskStates']>;

/** A client's alloc update: new client status and task states (event Type `AllocationUpdated`). */
function clientUpdate(deps: MockDeps, allocId: string, status: 'complete' | 'running', change: StatesChange): void {
  const stale = (a: AllocationWire | undefined) =>
    !a || a.ClientStatus === status || (status === 'running' && isTerminalAlloc(a));
  // Someone else (a later stop, a reset) got there first: nothing to report.
  if (stale(deps.store.get('allocs', allocId))) return;
  deps.store.commit('AllocationUpdated', (txn) => {
    const current = txn.get('allocs', allocId);
    if (!current || stale(current)) return;
    const at = deps.now();
    putAllocs(txn, [
      {
        ...current,
        ClientStatus: status,
        ClientDescription: CLIENT_DESCRIPTIONS[status],
        TaskStates: change(taskStates(current), at, current),
        ModifyIndex: txn.index,
        ModifyTime: unixNano(at),
      },
    ]);
  });
}
