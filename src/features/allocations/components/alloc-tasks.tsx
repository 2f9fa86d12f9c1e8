import { Link } from 'react-router';
import { RelativeTime } from '@/components/relative-time.tsx';
import { linkClass } from '@/components/styles.ts';
import { nanosToMs } from '@/lib/format-time.ts';
import type { TaskEvent, TaskState } from '@/lib/nomad/types.ts';
import type { TaskRow } from '../lib/alloc-facts.ts';
import { AllocStatusBadge } from './alloc-status-badge.tsx';

interface AllocTasksProps {
  rows: readonly TaskRow[];
  logsHref: (task: string) => string;
  execHref: (task: string) => string;
}

const th = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400';
const td = 'px-3 py-2 align-top';

function eventText(e: TaskEvent): string {
  return e.DisplayMessage || e.Message || '';
}

function TaskEvents({ events }: { events: readonly TaskEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-zinc-500">No events yet.</p>;
  return (
    <ol className="space-y-1 text-sm" aria-label="Task events, newest first">
      {[...events].reverse().map((e, i) => (
        <li key={`${e.Time}-${i}`} className="grid grid-cols-[6rem_10rem_1fr] gap-2">
          <span className="text-zinc-500 dark:text-zinc-400">
            <RelativeTime ms={nanosToMs(e.Time)} />
          </span>
          <span className={e.FailsTask ? 'font-medium text-red-700 dark:text-red-400' : 'font-medium'}>{e.Type}</span>
          <span className="break-words text-zinc-700 dark:text-zinc-300">{eventText(e)}</span>
        </li>
      ))}
    </ol>
  );
}

function TaskTimes({ state }: { state: TaskState }) {
  const started = state.StartedAt ? Date.parse(state.StartedAt) : NaN;
  const finished = state.FinishedAt ? Date.parse(state.FinishedAt) : NaN;
  if (Number.isNaN(started) && Number.isNaN(finished)) return null;
  return (
    <div className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
      {!Number.isNaN(started) && (
        <div>
          started <RelativeTime ms={started} />
        </div>
      )}
      {!Number.isNaN(finished) && (
        <div>
          finished <RelativeTime ms={finished} />
        </div>
      )}
    </div>
  );
}

/** The group's tasks: state, restarts, last event, and each task's event history on demand. */
export function AllocTasks({ rows, logsHref, execHref }: AllocTasksProps) {
  return (
    <div className="-mx-4 overflow-x-auto">
      <table className="w-full min-w-[40rem] border-collapse text-sm">
        <caption className="sr-only">Tasks</caption>
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            <th scope="col" className={`${th} pl-4`}>
              Task
            </th>
            <th scope="col" className={th}>
              State
            </th>
            <th scope="col" className={`${th} text-right`}>
              Restarts
            </th>
            <th scope="col" className={th}>
              Last event
            </th>
            <th scope="col" className={`${th} pr-4`}>
              Open
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((r) => (
            <tr key={r.name}>
              <td className={`${td} pl-4`}>
                <span className="font-mono">{r.name}</span>
                {r.driver && <div className="text-xs text-zinc-500 dark:text-zinc-400">{r.driver}</div>}
              </td>
              <td className={td}>
                {r.state ? (
                  <>
                    <AllocStatusBadge status={r.state.Failed ? 'failed' : r.state.State} />
                    <TaskTimes state={r.state} />
                  </>
                ) : (
                  <span className="text-zinc-500">not started</span>
                )}
              </td>
              <td className={`${td} text-right tabular-nums`}>{r.state?.Restarts ?? 0}</td>
              <td className={td}>
                {r.lastEvent ? (
                  <>
                    <span className="font-medium">{r.lastEvent.Type}</span>{' '}
                    <span className="text-zinc-500 dark:text-zinc-400">
                      <RelativeTime ms={nanosToMs(r.lastEvent.Time)} />
                    </span>
                    <div className="text-zinc-600 dark:text-zinc-400">{eventText(r.lastEvent)}</div>
                  </>
                ) : (
                  '—'
                )}
                <details className="mt-1">
                  <summary className="cursor-pointer text-xs font-medium text-teal-700 dark:text-teal-300">
                    All events of {r.name} ({r.state?.Events?.length ?? 0})
                  </summary>
                  <div className="mt-2">
                    <TaskEvents events={r.state?.Events ?? []} />
                  </div>
                </details>
              </td>
              <td className={`${td} pr-4 whitespace-nowrap`}>
                <Link to={logsHref(r.name)} className={linkClass}>
                  Logs
                </Link>{' '}
                ·{' '}
                <Link to={execHref(r.name)} className={linkClass}>
                  Exec
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
