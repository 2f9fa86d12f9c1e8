import type { SinkDeliveries, SinkState } from '@/lib/nomad/types.ts';

const TONE: Record<SinkState, string> = {
  idle: 'bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200',
  healthy: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  retrying: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  failing: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
};

const HINT: Record<SinkState, string> = {
  idle: 'Nothing delivered yet: no matching event since the sink started.',
  healthy: 'The last delivery was accepted (2xx).',
  retrying: 'The last delivery failed; it is being retried with backoff, in order.',
  failing: 'Three or more deliveries in a row failed; retries continue with backoff.',
};

const pill = 'inline-block rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap';

/** The worker's verdict, plus a note when it has lost its event stream. */
export function SinkStateBadge({
  state,
}: {
  state: Pick<SinkDeliveries, 'State' | 'StreamConnected' | 'StreamError'>;
}) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      <span className={`${pill} ${TONE[state.State] ?? TONE.idle}`} title={HINT[state.State]}>
        {state.State}
      </span>
      {!state.StreamConnected && (
        <span className={`${pill} ${TONE.retrying}`} title={state.StreamError || 'The event stream is reconnecting.'}>
          stream down
        </span>
      )}
    </span>
  );
}
