import type { SessionSpec } from '../lib/terminal-session.ts';

export interface ExecTab {
  id: number;
  spec: SessionSpec;
}

interface ExecTabsProps {
  tabs: readonly ExecTab[];
  active: number | null;
  live: Record<number, boolean>;
  onSelect(id: number): void;
  onClose(id: number): void;
}

const tabLabel = (t: ExecTab) => `${t.spec.task}: ${t.spec.command.join(' ')}`;

/** The session tabs; arrow keys move between them, each has its own close button. */
export function ExecTabs({ tabs, active, live, onSelect, onClose }: ExecTabsProps) {
  const move = (from: number, delta: number) => {
    const i = tabs.findIndex((t) => t.id === from);
    const next = tabs[(i + delta + tabs.length) % tabs.length];
    if (next) onSelect(next.id);
  };
  return (
    <div
      role="tablist"
      aria-label="Exec sessions"
      className="flex flex-wrap gap-1 border-b border-zinc-200 dark:border-zinc-800"
    >
      {tabs.map((t) => {
        const selected = t.id === active;
        return (
          <div
            key={t.id}
            className={`flex items-center rounded-t-md border border-b-0 ${
              selected
                ? 'border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-900'
                : 'border-transparent text-zinc-600 dark:text-zinc-400'
            }`}
          >
            <button
              type="button"
              role="tab"
              aria-selected={selected}
              tabIndex={selected ? 0 : -1}
              onClick={() => onSelect(t.id)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowRight') move(t.id, 1);
                if (e.key === 'ArrowLeft') move(t.id, -1);
              }}
              className="flex max-w-64 items-center gap-1.5 px-3 py-1.5 font-mono text-xs"
            >
              <span
                aria-hidden="true"
                className={`size-1.5 shrink-0 rounded-full ${live[t.id] === false ? 'bg-zinc-400' : 'bg-emerald-500'}`}
              />
              <span className="truncate">{tabLabel(t)}</span>
            </button>
            <button
              type="button"
              aria-label={`Close session ${tabLabel(t)}`}
              onClick={() => onClose(t.id)}
              className="mr-1 rounded px-1 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-white"
            >
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
