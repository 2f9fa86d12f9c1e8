/**
 * Task events and task states as Nomad's client records them: the event types, the
 * `Details` map the client's setters fill, the legacy fields next to it, and the
 * `DisplayMessage` text of `PopulateEventDisplayMessage`.
 */
import { formatGoDuration } from '../http/duration.ts';
import { rfc3339Nano, unixNano } from '../http/go-time.ts';
import type { TaskEventWire, TaskStateWire } from './wire.ts';

const SECOND = 1_000_000_000;

function event(type: string, atMs: number, fields: Partial<TaskEventWire> = {}): TaskEventWire {
  return {
    Details: {},
    DiskLimit: 0,
    DisplayMessage: '',
    DownloadError: '',
    DriverError: '',
    DriverMessage: '',
    ExitCode: 0,
    FailedSibling: '',
    FailsTask: false,
    GenericSource: '',
    KillError: '',
    KillReason: '',
    KillTimeout: 0,
    Message: '',
    RestartReason: '',
    SetupError: '',
    Signal: 0,
    StartDelay: 0,
    TaskSignal: '',
    TaskSignalReason: '',
    Time: unixNano(atMs),
    Type: type,
    ValidationError: '',
    VaultError: '',
    ...fields,
  };
}

export const taskEvents = {
  received: (at: number) => event('Received', at, { DisplayMessage: 'Task received by client' }),
  setup: (at: number) =>
    event('Task Setup', at, { Message: 'Building Task Directory', DisplayMessage: 'Building Task Directory' }),
  driverMessage: (at: number, message: string) =>
    event('Driver', at, { DriverMessage: message, DisplayMessage: message, Details: { driver_message: message } }),
  started: (at: number) => event('Started', at, { DisplayMessage: 'Task started by client' }),
  terminated: (at: number, exitCode: number, signal = 0, oomKilled = false) => {
    const parts = [`Exit Code: ${exitCode}`];
    if (signal !== 0) parts.push(`Signal: ${signal}`);
    if (oomKilled) parts.push('Exit Message: "OOM Killed"');
    return event('Terminated', at, {
      ExitCode: exitCode,
      Signal: signal,
      Message: oomKilled ? 'OOM Killed' : '',
      DisplayMessage: parts.join(', '),
      Details: { exit_code: String(exitCode), oom_killed: String(oomKilled), signal: String(signal) },
    });
  },
  restarting: (at: number, delayNanos: number) => {
    const reason = 'Restart within policy';
    return event('Restarting', at, {
      RestartReason: reason,
      StartDelay: delayNanos,
      DisplayMessage: `Task restarting in ${formatGoDuration(BigInt(delayNanos))}`,
      Details: { restart_reason: reason, start_delay: String(delayNanos) },
    });
  },
  notRestarting: (at: number, attempts: number, interval: string) => {
    const reason = `Exceeded allowed attempts ${attempts} in interval ${interval} and mode is "fail"`;
    return event('Not Restarting', at, {
      FailsTask: true,
      RestartReason: reason,
      DisplayMessage: reason,
      Details: { fails_task: 'true', restart_reason: reason },
    });
  },
  driverFailure: (at: number, error: string) =>
    event('Driver Failure', at, { DriverError: error, DisplayMessage: error, Details: { driver_error: error } }),
  killing: (at: number, killTimeoutNanos = 5 * SECOND) =>
    event('Killing', at, {
      KillTimeout: killTimeoutNanos,
      DisplayMessage: `Sent interrupt. Waiting ${formatGoDuration(BigInt(killTimeoutNanos))} before force killing`,
      Details: { kill_timeout: formatGoDuration(BigInt(killTimeoutNanos)) },
    }),
  killed: (at: number) => event('Killed', at, { DisplayMessage: 'Task successfully killed' }),
};

/** How a task's life went, from the client's point of view. */
export type TaskScenario = 'pending' | 'running' | 'restarted' | 'complete' | 'killed' | 'failed' | 'driver-failure';

/** Builds a task state whose events start at `startMs` (the alloc's creation). */
export function buildTaskState(scenario: TaskScenario, startMs: number, driver: string, endMs: number): TaskStateWire {
  const e = taskEvents;
  const t = (offsetS: number): number => startMs + offsetS * 1000;
  const pulling = driver === 'docker' ? [e.driverMessage(t(1.2), 'Downloading image')] : [];
  const begin = [e.received(t(0)), e.setup(t(0.4)), ...pulling];
  const base = {
    Failed: false,
    FinishedAt: null,
    LastRestart: null,
    Restarts: 0,
    StartedAt: null,
    TaskHandle: null,
  } satisfies Partial<TaskStateWire>;
  switch (scenario) {
    case 'pending':
      return { ...base, State: 'pending', Events: begin };
    case 'running':
      return { ...base, State: 'running', StartedAt: rfc3339Nano(t(4)), Events: [...begin, e.started(t(4))] };
    case 'restarted':
      return {
        ...base,
        State: 'running',
        Restarts: 2,
        LastRestart: rfc3339Nano(t(620)),
        StartedAt: rfc3339Nano(t(636)),
        Events: [
          ...begin,
          e.started(t(4)),
          e.terminated(t(300), 137, 9, true),
          e.restarting(t(300.1), 15_840_000_000),
          e.started(t(316)),
          e.terminated(t(620), 137, 9, true),
          e.restarting(t(620.1), 16_120_000_000),
          e.started(t(636)),
        ],
      };
    case 'complete':
      return {
        ...base,
        State: 'dead',
        StartedAt: rfc3339Nano(t(4)),
        FinishedAt: rfc3339Nano(endMs),
        Events: [...begin, e.started(t(4)), e.terminated(endMs, 0)],
      };
    case 'killed':
      return {
        ...base,
        State: 'dead',
        StartedAt: rfc3339Nano(t(4)),
        FinishedAt: rfc3339Nano(endMs),
        Events: [...begin, e.started(t(4)), e.killing(endMs - 2000), e.terminated(endMs - 1500, 0), e.killed(endMs)],
      };
    case 'failed':
      return {
        ...base,
        State: 'dead',
        Failed: true,
        Restarts: 2,
        LastRestart: rfc3339Nano(t(40)),
        StartedAt: rfc3339Nano(t(56)),
        FinishedAt: rfc3339Nano(endMs),
        Events: [
          ...begin,
          e.started(t(4)),
          e.terminated(t(24), 1),
          e.restarting(t(24.1), 15_310_000_000),
          e.started(t(40)),
          e.terminated(t(40), 1),
          e.restarting(t(40.1), 15_920_000_000),
          e.started(t(56)),
          e.terminated(endMs - 100, 1),
          e.notRestarting(endMs, 2, '30m0s'),
        ],
      };
    case 'driver-failure': {
      const error =
        'failed to create container: API error (404): pull access denied for registry.internal/search-indexer, repository does not exist or may require authorization';
      return {
        ...base,
        State: 'dead',
        Failed: true,
        FinishedAt: rfc3339Nano(endMs),
        Events: [...begin, e.driverFailure(t(6), error), e.notRestarting(endMs, 2, '30m0s')],
      };
    }
  }
}
