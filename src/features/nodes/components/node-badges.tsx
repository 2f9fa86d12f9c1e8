import type { NodeListStub } from '@/lib/nomad/types.ts';

const STATUS_TONE: Record<string, string> = {
  ready: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  initializing: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  down: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  disconnected: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
};

const pill = 'inline-block rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap';

/** Status, eligibility and drain, the three things that decide whether work lands on a node. */
export function NodeBadges({
  node,
}: {
  node: Pick<NodeListStub, 'Status' | 'StatusDescription' | 'SchedulingEligibility' | 'Drain'>;
}) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      <span
        className={`${pill} ${STATUS_TONE[node.Status] ?? STATUS_TONE.initializing}`}
        title={node.StatusDescription || undefined}
      >
        {node.Status}
      </span>
      {node.SchedulingEligibility === 'ineligible' && (
        <span className={`${pill} bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200`}>ineligible</span>
      )}
      {node.Drain && (
        <span className={`${pill} bg-orange-100 text-orange-800 dark:bg-orange-950 dark:text-orange-300`}>
          draining
        </span>
      )}
    </span>
  );
}
