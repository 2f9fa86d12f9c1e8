const TONE: Record<string, string> = {
  running: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  pending: 'bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300',
  complete: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  failed: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  lost: 'bg-orange-100 text-orange-800 dark:bg-orange-950 dark:text-orange-300',
  unknown: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  dead: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
};

/** A client (or task) status as a coloured pill; the description, if any, is the tooltip. */
export function AllocStatusBadge({ status, description }: { status: string; description?: string }) {
  return (
    <span
      title={description || undefined}
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONE[status] ?? TONE.unknown}`}
    >
      {status}
    </span>
  );
}
