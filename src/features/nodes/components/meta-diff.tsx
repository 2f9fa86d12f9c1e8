import type { MetaChange } from '../lib/meta-edits.ts';

/** A batch of metadata changes as a diff: what each key is now and what it becomes. */
export function MetaDiff({ changes, onRemove }: { changes: readonly MetaChange[]; onRemove?: (key: string) => void }) {
  return (
    <ul className="space-y-1 font-mono text-xs" aria-label="Pending metadata changes">
      {changes.map((c) => (
        <li key={c.key} className="flex flex-wrap items-baseline gap-x-2 rounded bg-zinc-50 px-2 py-1 dark:bg-zinc-950">
          <span className="font-semibold">{c.key}</span>
          <span className="text-red-700 line-through decoration-red-400 dark:text-red-400">
            {c.before === undefined ? '(not set)' : JSON.stringify(c.before)}
          </span>
          <span aria-hidden="true">→</span>
          <span className="sr-only">becomes</span>
          <span className="text-emerald-700 dark:text-emerald-400">
            {c.after === null ? (c.isStatic ? 'unset (null kept in Dynamic)' : 'unset') : JSON.stringify(c.after)}
          </span>
          {onRemove && (
            <button
              type="button"
              className="ml-auto font-sans text-xs text-zinc-600 hover:underline dark:text-zinc-400"
              onClick={() => onRemove(c.key)}
              aria-label={`Drop the change to ${c.key}`}
            >
              drop
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
