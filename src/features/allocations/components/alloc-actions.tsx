import { useId, useState } from 'react';
import { ActionDialog } from '@/components/action-dialog.tsx';
import { GuardedButton } from '@/components/guarded-button.tsx';
import { controlClass, labelClass } from '@/components/styles.ts';
import { useCan } from '@/lib/nomad/use-abilities.ts';
import type { Allocation } from '@/lib/nomad/types.ts';
import { allocActions, type AllocRef } from '../api/alloc-queries.ts';
import { useAction } from '../hooks/use-action.ts';
import { isTerminal, SIGNALS } from '../lib/alloc-facts.ts';

interface AllocActionsProps {
  alloc: Allocation;
  region: string | undefined;
  tasks: readonly string[];
}

const short = (id: string) => id.slice(0, 8);

/** A task name with the allocation's tasks as suggestions; like `nomad alloc signal -task`, any name may be typed. */
function TaskInput(props: { value: string; onChange: (v: string) => void; tasks: readonly string[]; label: string }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className={labelClass}>
        {props.label}
      </label>
      <input
        id={id}
        list={`${id}-tasks`}
        className={`${controlClass} font-mono`}
        value={props.value}
        placeholder="all tasks"
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => props.onChange(e.target.value)}
      />
      <datalist id={`${id}-tasks`}>
        {props.tasks.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
    </div>
  );
}

/** Stop, Restart, Signal and GC, each behind a confirmation that says exactly what will happen. */
export function AllocActions({ alloc, region, tasks }: AllocActionsProps) {
  const ref: AllocRef = { id: alloc.ID, namespace: alloc.Namespace, region };
  const can = useCan({
    lifecycle: { namespace: alloc.Namespace, anyOf: ['alloc-lifecycle'] },
    gc: { namespace: alloc.Namespace, anyOf: ['submit-job', 'gc-allocation'] },
  });
  const stop = useAction(allocActions.stop(ref));
  const restart = useAction(allocActions.restart(ref));
  const signal = useAction(allocActions.signal(ref));
  const gc = useAction(allocActions.gc(ref));
  const [restartWhat, setRestartWhat] = useState('');
  const [signalTask, setSignalTask] = useState('');
  const [signalName, setSignalName] = useState<string>('SIGHUP');
  const signalId = useId();
  const name = `allocation ${short(alloc.ID)} (${alloc.Name})`;
  const terminal = isTerminal(alloc);

  return (
    <div className="flex flex-wrap gap-2">
      <GuardedButton onClick={stop.show} disabledReason={can.lifecycle.allowed ? undefined : can.lifecycle.reason}>
        Stop
      </GuardedButton>
      <GuardedButton onClick={restart.show} disabledReason={can.lifecycle.allowed ? undefined : can.lifecycle.reason}>
        Restart
      </GuardedButton>
      <GuardedButton onClick={signal.show} disabledReason={can.lifecycle.allowed ? undefined : can.lifecycle.reason}>
        Signal
      </GuardedButton>
      <GuardedButton onClick={gc.show} disabledReason={can.gc.allowed ? undefined : can.gc.reason}>
        Garbage collect
      </GuardedButton>

      <ActionDialog
        open={stop.open}
        title="Stop allocation"
        confirmLabel="Stop allocation"
        pendingLabel="Stopping…"
        danger
        status={stop.mutation.status}
        error={stop.mutation.error}
        result={
          stop.mutation.data && (
            <>
              Nomad created evaluation <span className="font-mono">{short(stop.mutation.data.EvalID)}</span>. The
              allocation stops, and the scheduler places a replacement if the job still wants one; this page links to it
              as soon as it exists.
            </>
          )
        }
        onConfirm={() => stop.mutation.mutate()}
        onClose={stop.close}
      >
        <p>
          Stops {name} of job <strong>{alloc.JobID}</strong> on node <strong>{alloc.NodeName}</strong>: its tasks get
          their kill signal and shutdown delay, then it is marked for migration and a new evaluation runs. For a service
          or system job the scheduler places a replacement allocation, usually on another node.
        </p>
      </ActionDialog>

      <ActionDialog
        open={restart.open}
        title="Restart tasks"
        confirmLabel="Restart"
        pendingLabel="Restarting…"
        status={restart.mutation.status}
        error={restart.mutation.error}
        result="Nomad accepted the restart. Task events below show it happening."
        onConfirm={() =>
          restart.mutation.mutate(restartWhat === '*all' ? { all: true } : restartWhat ? { task: restartWhat } : {})
        }
        onClose={restart.close}
      >
        <p>
          Restarts tasks of {name} in place, on the same node: each task is killed with its kill signal and started
          again. The allocation is not rescheduled.
        </p>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${signalId}-restart`} className={labelClass}>
            What to restart
          </label>
          <select
            id={`${signalId}-restart`}
            className={controlClass}
            value={restartWhat}
            onChange={(e) => setRestartWhat(e.target.value)}
          >
            <option value="">Running tasks only</option>
            <option value="*all">All tasks, including ones that finished</option>
            {tasks.map((t) => (
              <option key={t} value={t}>
                Task {t}
              </option>
            ))}
          </select>
        </div>
      </ActionDialog>

      <ActionDialog
        open={signal.open}
        title="Send a signal"
        confirmLabel={`Send ${signalName}`}
        pendingLabel="Sending…"
        status={signal.mutation.status}
        error={signal.mutation.error}
        result={`Nomad delivered ${signalName} to ${signalTask ? `task ${signalTask}` : 'every task'}.`}
        onConfirm={() => signal.mutation.mutate({ task: signalTask, signal: signalName })}
        onClose={signal.close}
      >
        <p>
          Sends a Unix signal to the processes of {signalTask ? `task ${signalTask}` : 'every task'} in {name}. What the
          program does with it is up to the program (SIGHUP often reloads configuration; SIGKILL ends it at once).
        </p>
        <div className="grid grid-cols-2 gap-3">
          <TaskInput
            label="Task (empty: every task)"
            value={signalTask}
            onChange={(v) => setSignalTask(v.trim())}
            tasks={tasks}
          />
          <div className="flex flex-col gap-1">
            <label htmlFor={`${signalId}-sig`} className={labelClass}>
              Signal
            </label>
            <select
              id={`${signalId}-sig`}
              className={controlClass}
              value={signalName}
              onChange={(e) => setSignalName(e.target.value)}
            >
              {SIGNALS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
        </div>
      </ActionDialog>

      <ActionDialog
        open={gc.open}
        title="Garbage collect allocation"
        confirmLabel="Garbage collect"
        pendingLabel="Collecting…"
        danger
        status={gc.mutation.status}
        error={gc.mutation.error}
        result="The client removed the allocation directory; its files and logs are gone."
        onConfirm={() => gc.mutation.mutate()}
        onClose={gc.close}
      >
        <p>
          Asks node <strong>{alloc.NodeName}</strong> to destroy {name} and delete its allocation directory, including
          its logs. This cannot be undone.
          {terminal
            ? ''
            : ' The allocation is still meant to run: the client only collects allocations that have stopped, so Nomad will refuse.'}
        </p>
      </ActionDialog>
    </div>
  );
}
