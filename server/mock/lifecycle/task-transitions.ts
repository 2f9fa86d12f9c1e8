/**
 * How a client changes an allocation's task states when it is signalled, restarted,
 * killed or started, with the task events Nomad's task runner records for each step
 * (client/allocrunner/taskrunner, structs.TaskEvent setters, PopulateEventDisplayMessage).
 * Pure functions: they return new task states and never touch the store.
 */
import { rfc3339Nano } from '../../http/go-time.ts';
import { taskEvents } from '../task-events.ts';
import type { AllocationWire, TaskEventWire, TaskStateWire } from '../wire.ts';

type TaskStates = Record<string, TaskStateWire>;

function blankEvent(type: string, atMs: number, fields: Partial<TaskEventWire>): TaskEventWire {
  return { ...taskEvents.received(atMs), DisplayMessage: '', Type: type, ...fields };
}

/** `NewTaskEvent(TaskSignaling).SetSignalText(sig)`. */
export function signalingEvent(atMs: number, signal: string): TaskEventWire {
  return blankEvent('Signaling', atMs, {
    TaskSignal: signal,
    Details: { signal },
    DisplayMessage: `Task being sent signal ${signal}`,
  });
}

/** `NewTaskEvent(TaskRestartSignal).SetRestartReason(reason)`. */
export function restartSignaledEvent(atMs: number, reason: string): TaskEventWire {
  return blankEvent('Restart Signaled', atMs, {
    RestartReason: reason,
    Details: { restart_reason: reason },
    DisplayMessage: reason,
  });
}

/** A user-triggered restart skips the restart policy's delay: "Task restarting in 0s". */
export function userRestartingEvent(atMs: number): TaskEventWire {
  return blankEvent('Restarting', atMs, {
    StartDelay: 0,
    Details: { start_delay: '0' },
    DisplayMessage: 'Task restarting in 0s',
  });
}

export function taskStates(alloc: AllocationWire): TaskStates {
  return alloc.TaskStates ?? {};
}

/** Names of the allocation's tasks, sorted (Nomad iterates a map; sorting keeps output stable). */
export function taskNames(alloc: AllocationWire): string[] {
  return Object.keys(taskStates(alloc)).sort();
}

export function isTaskRunning(state: TaskStateWire | undefined): boolean {
  return state?.State === 'running';
}

function withEvents(state: TaskStateWire, events: TaskEventWire[], patch: Partial<TaskStateWire> = {}): TaskStateWire {
  return { ...state, ...patch, Events: [...(state.Events ?? []), ...events] };
}

/** Appends a Signaling event to each named (running) task. */
export function applySignal(states: TaskStates, tasks: readonly string[], signal: string, atMs: number): TaskStates {
  const next = { ...states };
  for (const name of tasks) next[name] = withEvents(states[name]!, [signalingEvent(atMs, signal)]);
  return next;
}

/**
 * The first half of a restart, recorded while the task is killed: Restart Signaled, the
 * exit, then Restarting, which bumps `Restarts` and `LastRestart` (TaskRunner.appendEvent).
 * The task is `pending` until it starts again.
 */
export function applyRestartBegin(
  states: TaskStates,
  tasks: readonly string[],
  reason: string,
  atMs: number,
): TaskStates {
  const next = { ...states };
  for (const name of tasks) {
    const state = states[name]!;
    // A dead task (restarted with AllTasks) has nothing to terminate.
    const exit = state.State === 'running' ? [taskEvents.terminated(atMs + 5, 0)] : [];
    next[name] = withEvents(state, [restartSignaledEvent(atMs, reason), ...exit, userRestartingEvent(atMs + 10)], {
      State: 'pending',
      Restarts: state.Restarts + 1,
      LastRestart: rfc3339Nano(atMs + 10),
      FinishedAt: null,
    });
  }
  return next;
}

/** Tasks start (again): a Started event, state `running`, a fresh `StartedAt`. */
export function applyStarted(states: TaskStates, tasks: readonly string[], atMs: number): TaskStates {
  const next = { ...states };
  for (const name of tasks) {
    const state = states[name];
    if (!state) continue;
    next[name] = withEvents(state, [taskEvents.started(atMs)], {
      State: 'running',
      StartedAt: rfc3339Nano(atMs),
      FinishedAt: null,
      Failed: false,
    });
  }
  return next;
}

/** Every task that is not dead yet is killed: Killing, Terminated, Killed; state `dead`. */
export function applyKilled(states: TaskStates, atMs: number): TaskStates {
  const next = { ...states };
  for (const [name, state] of Object.entries(states)) {
    if (state.State === 'dead') continue;
    const wasRunning = state.State === 'running';
    const events = wasRunning
      ? [taskEvents.killing(atMs - 20), taskEvents.terminated(atMs - 10, 0), taskEvents.killed(atMs)]
      : [taskEvents.killed(atMs)];
    next[name] = withEvents(state, events, { State: 'dead', FinishedAt: rfc3339Nano(atMs) });
  }
  return next;
}

/**
 * `getClientStatus` (client/allocrunner): the alloc's client status follows its tasks — a
 * failed task makes it failed, a pending one (a task being restarted) pending, else running,
 * else complete.
 */
export function clientStatusOf(
  states: Record<string, TaskStateWire>,
): { status: 'failed' | 'pending' | 'running' | 'complete'; description: string } | undefined {
  const all = Object.values(states);
  if (all.some((s) => s.State === 'dead' && s.Failed)) return { status: 'failed', description: 'Failed tasks' };
  if (all.some((s) => s.State === 'pending')) return { status: 'pending', description: 'No tasks have started' };
  if (all.some((s) => s.State === 'running')) return { status: 'running', description: 'Tasks are running' };
  if (all.some((s) => s.State === 'dead')) return { status: 'complete', description: 'All tasks have completed' };
  return undefined;
}
