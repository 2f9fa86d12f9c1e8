import type { JobStatus } from '@/lib/nomad/types.ts';

const STYLE: Record<JobStatus, string> = {
  pending: 'bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800',
  running:
    'bg-emerald-100 text-emerald-900 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800',
  dead: 'bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
};

const FALLBACK = 'bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700';

/** Job status as text with colour; colour alone never carries the meaning. */
export function JobStatusBadge({
  status,
  stopped,
  description,
}: {
  status: JobStatus;
  stopped: boolean;
  description?: string;
}) {
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap" title={description || undefined}>
      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLE[status] ?? FALLBACK}`}>
        {status}
      </span>
      {stopped && status !== 'dead' && <span className="text-xs text-zinc-500 dark:text-zinc-400">stopping</span>}
      {stopped && status === 'dead' && <span className="text-xs text-zinc-500 dark:text-zinc-400">stopped</span>}
    </span>
  );
}
