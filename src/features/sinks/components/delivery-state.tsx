import type { ReactNode } from 'react';
import { RelativeTime } from '@/components/relative-time.tsx';
import type { SinkDeliveries } from '@/lib/nomad/types.ts';
import { SinkStateBadge } from './sink-state-badge.tsx';

function When({ iso }: { iso: string | null }) {
  if (!iso) return <>never</>;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? <RelativeTime ms={ms} /> : <>{iso}</>;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="font-mono text-sm tabular-nums">{children}</dd>
    </div>
  );
}

/** The worker's counters: what was delivered, what failed, and when it tries next. */
export function DeliveryState({ state }: { state: SinkDeliveries }) {
  return (
    <div className="space-y-3">
      <SinkStateBadge state={state} />
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Fact label="Last success">
          <When iso={state.LastSuccessTime} />
          {state.LastSuccessIndex > 0 && ` (index ${state.LastSuccessIndex})`}
        </Fact>
        <Fact label="Events delivered">{state.EventsDelivered}</Fact>
        <Fact label="Batches delivered">{state.BatchesDelivered}</Fact>
        <Fact label="Consecutive failures">{state.ConsecutiveFailures}</Fact>
        {state.NextRetryTime && (
          <Fact label="Next retry">
            <When iso={state.NextRetryTime} />
          </Fact>
        )}
      </dl>
      {state.LastError && (
        <div className="rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-100">
          <span className="font-medium">Last error</span> (<When iso={state.LastErrorTime} />
          ): <span className="break-words">{state.LastError}</span>
        </div>
      )}
      {!state.StreamConnected && state.StreamError && (
        <p className="text-sm text-amber-800 dark:text-amber-300">Event stream: {state.StreamError}</p>
      )}
    </div>
  );
}
