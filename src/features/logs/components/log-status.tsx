import { buttonClass } from '@/components/styles.ts';
import { isNomadError } from '@/lib/nomad/nomad-error.ts';
import type { LogSource } from '../lib/line-buffer.ts';
import type { SourceStatus } from '../lib/log-session.ts';

interface LogStatusProps {
  statuses: { source: LogSource; status: SourceStatus | undefined }[];
  task: string;
  onReconnect(): void;
}

/** How often a log that does not exist yet is looked for again. */
export const RECHECK_MS = 5_000;

/** Nomad's 404s for a task that has not started or has no log files (not an unknown allocation). */
function isNoLogs(err: unknown): err is { serverText: string } {
  return isNomadError(err) && err.kind === 'not-found' && /not started yet|log entry for task/.test(err.serverText);
}

/** Every stream is waiting for log files to exist: worth looking again later. */
export function waitingForLogs(statuses: { status: SourceStatus | undefined }[]): boolean {
  return statuses.length > 0 && statuses.every((s) => s.status?.state === 'closed' && isNoLogs(s.status.error));
}

/** Why a stream is not live, said specifically: no logs yet, a missing capability, a drop. */
function describe(
  status: SourceStatus,
  source: LogSource,
  task: string,
): { text: string; tone: 'info' | 'warn' | 'error' } | null {
  const err = status.error;
  if (status.state === 'closed') {
    if (status.reason === 'stopped') return null;
    if (status.reason === 'deleted') return { text: `The ${source} log file was deleted.`, tone: 'warn' };
    if (status.reason === 'ended') return { text: `${source} ended.`, tone: 'info' };
    if (isNoLogs(err)) {
      return {
        text: `No logs yet: the task has not started, or log collection is disabled (${source} of "${task}": ${err.serverText}). Checking again every ${RECHECK_MS / 1000} s.`,
        tone: 'info',
      };
    }
    return { text: err instanceof Error ? err.message : `The ${source} stream closed.`, tone: 'error' };
  }
  if (status.state === 'retrying' || status.state === 'stalled') {
    const why = err instanceof Error ? `: ${err.message}` : '';
    return { text: `Reconnecting to ${source}${why}. Lines resume from the last byte received.`, tone: 'warn' };
  }
  return null;
}

const TONE = {
  info: 'border-zinc-300 bg-zinc-50 text-zinc-800 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200',
  warn: 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100',
  error: 'border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-100',
};

export function LogStatus({ statuses, task, onReconnect }: LogStatusProps) {
  const notes = statuses
    .map(({ source, status }) => (status ? { source, note: describe(status, source, task), status } : null))
    .filter((x) => x?.note);
  if (notes.length === 0) return null;
  return (
    <div className="flex flex-col gap-2">
      {notes.map((n) => (
        <div
          key={n!.source}
          role={n!.note!.tone === 'error' ? 'alert' : 'status'}
          className={`flex items-center justify-between gap-3 rounded-md border px-3 py-2 text-sm ${TONE[n!.note!.tone]}`}
        >
          <span className="break-words">{n!.note!.text}</span>
          {n!.status.state === 'closed' && n!.status.reason !== 'stopped' && (
            <button type="button" className={buttonClass} onClick={onReconnect}>
              Reconnect
            </button>
          )}
        </div>
      ))}
    </div>
  );
}

export function liveLabel(statuses: { status: SourceStatus | undefined }[]): string {
  const states = statuses.map((s) => s.status?.state ?? 'connecting');
  if (states.every((s) => s === 'live')) return 'Live';
  if (states.some((s) => s === 'retrying' || s === 'stalled')) return 'Reconnecting';
  if (states.some((s) => s === 'connecting')) return 'Connecting';
  return 'Stopped';
}
