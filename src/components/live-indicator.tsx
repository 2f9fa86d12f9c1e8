import { formatDateTime, formatTime } from '@/lib/format-time.ts';
import type { LiveStatus } from '@/lib/nomad/live-status.ts';
import { describeFailure } from '@/lib/nomad/nomad-error.ts';

interface LiveIndicatorProps {
  status: LiveStatus;
  /** Offered while retrying: skip the backoff and try now. (Stopped views show their own alert and retry.) */
  onRetry?: () => void;
}

const DOT: Record<LiveStatus['state'], string> = {
  live: 'bg-emerald-500',
  connecting: 'bg-zinc-400 animate-pulse',
  retrying: 'bg-amber-500 animate-pulse',
  paused: 'bg-zinc-400',
  stopped: 'bg-red-500',
};

function label(status: LiveStatus): string {
  const since = status.lastUpdatedAt ? `stale since ${formatTime(status.lastUpdatedAt)}` : 'no data yet';
  switch (status.state) {
    case 'live':
      return 'Live';
    case 'connecting':
      return 'Connecting…';
    case 'retrying':
      return `Reconnecting, ${since}`;
    case 'paused':
      return `Offline, ${since}`;
    case 'stopped':
      return status.lastUpdatedAt ? `Stopped, ${since}` : 'Stopped';
  }
}

/**
 * A quiet freshness badge for a live view. It is a status, not an alert: the failure text
 * goes in the tooltip and a short line, and the page's own alert reports final errors.
 */
export function LiveIndicator({ status, onRetry }: LiveIndicatorProps) {
  const detail = [
    status.lastUpdatedAt ? `Last update ${formatDateTime(status.lastUpdatedAt)}` : undefined,
    status.error ? describeFailure(status.error) : undefined,
  ]
    .filter(Boolean)
    .join('\n');
  const failing = status.state === 'retrying' || status.state === 'paused';
  return (
    <span role="status" className="inline-flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
      <span className="inline-flex items-center gap-1.5" title={detail || undefined}>
        <span aria-hidden="true" className={`inline-block size-2 rounded-full ${DOT[status.state]}`} />
        <span className={failing ? 'text-amber-700 dark:text-amber-300' : undefined}>{label(status)}</span>
      </span>
      {failing && status.error && (
        <span className="max-w-md truncate" title={describeFailure(status.error)}>
          {describeFailure(status.error)}
        </span>
      )}
      {onRetry && status.state === 'retrying' && (
        <button
          type="button"
          onClick={onRetry}
          className="rounded px-1.5 py-0.5 font-medium text-teal-700 hover:bg-teal-50 dark:text-teal-300 dark:hover:bg-teal-950"
        >
          Retry now
        </button>
      )}
    </span>
  );
}
