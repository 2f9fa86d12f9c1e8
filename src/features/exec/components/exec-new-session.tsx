import { useId } from 'react';
import { controlClass, labelClass, primaryButtonClass } from '@/components/styles.ts';
import { splitArgv } from '../lib/argv.ts';
import { DEFAULT_COMMAND, FALLBACK_COMMAND } from '../lib/terminal-session.ts';

export interface ExecTaskOption {
  name: string;
  state: string | undefined;
  driver: string | undefined;
}

interface ExecNewSessionProps {
  tasks: readonly ExecTaskOption[];
  task: string;
  commandLine: string;
  tty: boolean;
  onChange(next: { task?: string; commandLine?: string; tty?: boolean }): void;
  onOpen(argv: string[]): void;
}

/** Task picker and command field; shows the argv exactly as it will be sent. */
export function ExecNewSession({ tasks, task, commandLine, tty, onChange, onOpen }: ExecNewSessionProps) {
  const ids = { task: useId(), command: useId(), argv: useId() };
  const parsed = splitArgv(commandLine);
  const isDefault = parsed.ok && parsed.argv.length === 1 && parsed.argv[0] === DEFAULT_COMMAND[0];
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.ok && task) onOpen(parsed.argv);
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.task} className={labelClass}>
          Task
        </label>
        <select
          id={ids.task}
          className={controlClass}
          value={task}
          onChange={(e) => onChange({ task: e.target.value })}
        >
          {tasks.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
              {t.state ? ` (${t.state})` : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="flex min-w-64 flex-1 flex-col gap-1">
        <label htmlFor={ids.command} className={labelClass}>
          Command
        </label>
        <input
          id={ids.command}
          className={`${controlClass} font-mono`}
          value={commandLine}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={ids.argv}
          aria-invalid={!parsed.ok}
          onChange={(e) => onChange({ commandLine: e.target.value })}
        />
      </div>
      <label className="flex items-center gap-1.5 pb-2 text-sm">
        <input type="checkbox" checked={tty} onChange={(e) => onChange({ tty: e.target.checked })} />
        TTY
      </label>
      <button type="submit" className={primaryButtonClass} disabled={!parsed.ok || !task}>
        Open session
      </button>
      <p id={ids.argv} className="w-full text-xs text-zinc-600 dark:text-zinc-400">
        {parsed.ok ? (
          <>
            Sends <code className="font-mono text-zinc-900 dark:text-zinc-100">{JSON.stringify(parsed.argv)}</code>
            {isDefault && ` — falls back to ${JSON.stringify(FALLBACK_COMMAND)} if the image has no bash`}
          </>
        ) : (
          <span className="text-red-700 dark:text-red-400">{parsed.error}</span>
        )}
      </p>
    </form>
  );
}
