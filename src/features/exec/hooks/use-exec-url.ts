/**
 * The exec form's state in the URL (`?task=web&command=…`), so a session is a shareable
 * link. `command` is a shell-like line (`ls -la /tmp`) or a JSON array of strings.
 */
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { joinArgv } from '../lib/argv.ts';

/** A `command` parameter as the line to show in the field. */
export function commandLineFromParam(param: string | null): string | null {
  if (param === null || param.trim() === '') return null;
  if (param.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(param);
      if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((x) => typeof x === 'string')) {
        return joinArgv(parsed as string[]);
      }
    } catch {
      // Not JSON after all: a line that starts with a bracket.
    }
  }
  return param;
}

export function useExecUrl(): {
  task: string | null;
  commandLine: string | null;
  setForm(task: string, commandLine: string): void;
} {
  const [search, setSearch] = useSearchParams();
  const setForm = useCallback(
    (task: string, commandLine: string) => {
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.set('task', task);
          if (commandLine) next.set('command', commandLine);
          else next.delete('command');
          return next;
        },
        { replace: true },
      );
    },
    [setSearch],
  );
  return { task: search.get('task'), commandLine: commandLineFromParam(search.get('command')), setForm };
}
