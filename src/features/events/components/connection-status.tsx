import { useEffect, useState } from 'react';
import type { StreamState, StreamStatus } from '@/lib/nomad/event-stream.ts';

interface ConnectionStatusProps {
  status: StreamStatus | undefined;
  onRetry(): void;
  /** One line instead of the full explanation (scoped timelines). */
  compact?: boolean;
  /** Nothing was requested (the subscription is invalid). */
  idle?: boolean;
}

const DOT: Record<StreamState, string> = {
  connecting: 'bg-zinc-400 animate-pulse',
  live: 'bg-emerald-500',
  stalled: 'bg-amber-500',
  reconnecting: 'bg-amber-500 animate-pulse',
  closed: 'bg-red-500',
};

const LABEL: Record<StreamState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  stalled: 'Stalled',
  reconnecting: 'Reconnecting…',
  closed: 'Closed',
};

/** Seconds until `at`, re-rendered every second while waiting. */
function useCountdown(at: number | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return;
    const update = () => setNow(Date.now());
    // `now` may be old by the time a retry is scheduled: refresh it at once, then every second.
    const first = setTimeout(update, 0);
    const id = setInterval(update, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, [at]);
  return at === undefined ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The stream's state as it is, with the reason: the watchdog's stall, the failure that caused
 * a reconnect and when the next attempt runs, or why the stream was closed.
 */
export function ConnectionStatus({ status, onRetry, compact = false, idle = false }: ConnectionStatusProps) {
  const state = status?.state ?? 'connecting';
  const waiting = state === 'reconnecting' || state === 'stalled' ? status?.retryAt : undefined;
  const inSeconds = useCountdown(waiting);
  const stopped = state === 'closed' && status?.closeKind === 'stopped';
  const showReason = status?.reason !== undefined && state !== 'live' && !stopped;
  const problem = state === 'closed' && !stopped;
  if (idle) {
    return (
      <div role="status" aria-label="Connection" className="text-xs text-zinc-600 dark:text-zinc-400">
        Not subscribed
      </div>
    );
  }
  return (
    <div
      role="status"
      aria-label="Connection"
      className={`flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-xs ${problem ? 'text-red-700 dark:text-red-300' : 'text-zinc-700 dark:text-zinc-300'}`}
    >
      <span className="inline-flex items-center gap-1.5 font-medium">
        <span aria-hidden="true" className={`inline-block size-2 rounded-full ${DOT[state]}`} />
        {LABEL[state]}
        {state === 'live' && status && status.reconnects > 0 && (
          <span className="font-normal text-zinc-500 dark:text-zinc-400">
            {' '}
            ({status.reconnects} reconnect{status.reconnects === 1 ? '' : 's'}
            {status.stalls > 0 ? `, ${status.stalls} stall${status.stalls === 1 ? '' : 's'}` : ''})
          </span>
        )}
      </span>
      {showReason && (
        <span className={compact ? 'max-w-md truncate' : 'break-words'} title={status?.reason}>
          {status?.reason}
          {inSeconds !== undefined && ` — retrying in ${inSeconds} s (attempt ${status?.attempt ?? 1})`}
        </span>
      )}
      {(state === 'reconnecting' || state === 'stalled' || (state === 'closed' && !stopped)) && (
        <button
          type="button"
          onClick={onRetry}
          className="rounded px-1.5 py-0.5 font-medium text-teal-700 hover:bg-teal-50 dark:text-teal-300 dark:hover:bg-teal-950"
        >
          {state === 'closed' ? 'Reconnect' : 'Retry now'}
        </button>
      )}
    </div>
  );
}
