/**
 * Allocation lifecycle actions as a Nomad cluster carries them out: the server side of
 * `stop` (desired transition + evaluation, then the scheduler's replacement) and the client
 * side of signal, restart and GC. Every visible consequence is a store commit with the raft
 * type Nomad uses, so blocking queries and the event stream report it; the steps that take
 * time on a real cluster (scheduling, killing, starting) follow on timers that the runtime
 * cancels when it closes.
 */
import { unixNano } from '../../http/go-time.ts';
import type { Timers } from '../events/timers.ts';
import type { MockDeps } from '../http-kit.ts';
import { isTerminalAlloc, isTerminalClient } from '../views.ts';
import { putAllocs } from '../writes.ts';
import type { AllocationWire, TaskStateWire } from '../wire.ts';
import { multiErrorText, reachableNode, unknownAllocation } from './client-errors.ts';
import { ScopedTimers } from './scoped-timers.ts';
import { stopAllocation, type StopResult } from './stop.ts';
import {
  applyRestartBegin,
  applySignal,
  applyStarted,
  clientStatusOf,
  isTaskRunning,
  taskNames,
  taskStates,
} from './task-transitions.ts';

export interface LifecycleOptions {
  /** Base delay of simulated cluster reactions, ms (default 700). 0 applies them synchronously. */
  delayMs?: number;
  timers?: Timers;
}

export const NOT_ELIGIBLE_FOR_GC = 'No such allocation on client, or allocation not eligible for GC';

export class AllocLifecycle {
  readonly timers: ScopedTimers;
  readonly delayMs: number;
  /** Allocations whose alloc runner the client has garbage collected. */
  private readonly collected = new Set<string>();

  constructor(
    private readonly deps: MockDeps,
    opts: LifecycleOptions = {},
  ) {
    this.delayMs = opts.delayMs ?? 700;
    this.timers = new ScopedTimers(deps.closing, opts.timers, (err) =>
      deps.log(`mock: lifecycle step failed: ${String(err)}`),
    );
    deps.store.subscribe((commit) => {
      if (commit.type !== 'MockReset') return;
      this.collected.clear();
      // The reseeded cluster has the same IDs: a pending step must not act on it.
      this.timers.cancelAll();
    });
  }

  /** `Alloc.Stop`: see stop.ts. */
  stop(alloc: AllocationWire, noShutdownDelay: boolean): StopResult {
    return stopAllocation(this.deps, this.timers, this.delayMs, alloc, noShutdownDelay);
  }

  /** Has the client garbage collected this allocation (so client endpoints no longer know it)? */
  isCollected(allocId: string): boolean {
    return this.collected.has(allocId);
  }

  /**
   * The route from the server to the alloc runner on the client: node known and connected,
   * alloc runner not garbage collected. Throws Nomad's error otherwise.
   */
  requireOnClient(alloc: AllocationWire): void {
    reachableNode(this.deps.store, alloc.NodeID);
    if (this.collected.has(alloc.ID)) throw unknownAllocation(alloc.ID);
  }

  /** `allocRunner.Signal`: one task (must exist and run) or every task (errors collected). */
  signal(alloc: AllocationWire, task: string, signal: string): void {
    const states = taskStates(alloc);
    let targets: string[];
    const errors: string[] = [];
    if (task !== '') {
      if (!(task in states)) throw new Error('Task not found');
      if (!isTaskRunning(states[task])) throw new Error('Task not running');
      targets = [task];
    } else {
      targets = taskNames(alloc).filter((name) => isTaskRunning(states[name]));
      for (const name of taskNames(alloc)) {
        if (!targets.includes(name)) errors.push(`Failed to signal task: ${name}, err: Task not running`);
      }
    }
    if (targets.length > 0) {
      const now = this.deps.now();
      this.updateTaskStates(alloc.ID, (s) => applySignal(s, targets, signal, now));
    }
    if (errors.length > 0) throw new Error(multiErrorText(errors));
  }

  /**
   * `Client.RestartAllocation`: a named task (must be running), all tasks (dead ones too)
   * or the running tasks. The task is killed and comes back after a short delay.
   */
  restart(alloc: AllocationWire, taskName: string, allTasks: boolean): void {
    if (allTasks && taskName !== '') throw new Error('task name cannot be set when restarting all tasks');
    const states = taskStates(alloc);
    let targets: string[];
    let reason: string;
    if (taskName !== '') {
      if (!(taskName in states)) throw new Error(`Could not find task runner for task: ${taskName}`);
      if (!isTaskRunning(states[taskName])) throw new Error('Task not running');
      targets = [taskName];
      reason = 'User requested task to restart';
    } else {
      if (isTerminalAlloc(alloc)) throw new Error('restart of an alloc that should not run');
      const eligible = (s: TaskStateWire | undefined): boolean =>
        allTasks ? s?.State !== 'pending' : isTaskRunning(s);
      targets = taskNames(alloc).filter((name) => eligible(states[name]));
      reason = allTasks ? 'User requested all tasks to restart' : 'User requested running tasks to restart';
    }
    if (targets.length === 0) return;
    const now = this.deps.now();
    this.updateTaskStates(alloc.ID, (s) => applyRestartBegin(s, targets, reason, now));
    this.timers.after(this.delayMs, () => {
      const current = this.deps.store.get('allocs', alloc.ID);
      // Stopped meanwhile (the server's desired status wins), or gone.
      if (!current || current.DesiredStatus !== 'run') return;
      const at = this.deps.now();
      this.updateTaskStates(alloc.ID, (s) => applyStarted(s, targets, at));
    });
  }

  /** `Allocations.GarbageCollect` on the client: only terminal allocations are collectable. */
  gc(alloc: AllocationWire): void {
    if (this.collected.has(alloc.ID) || !this.collectable(alloc)) throw new Error(NOT_ELIGIBLE_FOR_GC);
    this.collected.add(alloc.ID);
  }

  /** `/v1/client/gc`: collects every terminal allocation on the node. Returns how many. */
  gcNode(nodeId: string): number {
    let n = 0;
    for (const alloc of this.deps.store.list('allocs')) {
      if (alloc.NodeID !== nodeId || this.collected.has(alloc.ID) || !this.collectable(alloc)) continue;
      this.collected.add(alloc.ID);
      n++;
    }
    return n;
  }

  private collectable(alloc: AllocationWire): boolean {
    if (isTerminalClient(alloc.ClientStatus)) return true;
    // Stopped by the server and every task dead: the alloc runner is done too.
    return alloc.DesiredStatus !== 'run' && Object.values(taskStates(alloc)).every((s) => s.State === 'dead');
  }

  /** A client alloc update (`Node.UpdateAlloc` → AllocationUpdated): new task states, new ModifyIndex. */
  private updateTaskStates(
    allocId: string,
    change: (states: Record<string, TaskStateWire>) => Record<string, TaskStateWire>,
  ): void {
    // A commit always takes a raft index: only make one when there is something to write.
    if (!this.deps.store.get('allocs', allocId)) return;
    this.deps.store.commit('AllocationUpdated', (txn) => {
      const current = txn.get('allocs', allocId);
      if (!current) return;
      const states = change(taskStates(current));
      const derived = clientStatusOf(states);
      putAllocs(txn, [
        {
          ...current,
          ...(derived ? { ClientStatus: derived.status, ClientDescription: derived.description } : {}),
          TaskStates: states,
          ModifyIndex: txn.index,
          ModifyTime: unixNano(this.deps.now()),
        },
      ]);
    });
  }
}
