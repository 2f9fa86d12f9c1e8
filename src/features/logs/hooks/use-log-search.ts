/** Compiles the search/filter query and moves between matches. */
import { useCallback, useMemo, useState } from 'react';
import { compileMatcher, type CompiledMatcher } from '../lib/line-matcher.ts';
import type { LogSession } from '../lib/log-session.ts';
import type { LogUrlState } from './use-log-url.ts';

export interface LogSearch {
  matcher: CompiledMatcher | null;
  error: string | null;
  current: number | null;
  /** Moves to the next (+1) or previous (-1) match; returns its seq. */
  step(session: LogSession | null, direction: 1 | -1): number | null;
}

export function useLogSearch(url: LogUrlState): LogSearch {
  const { query, regex, caseSensitive, invert } = url;
  const compiled = useMemo(
    () => (query === '' ? null : compileMatcher({ query, regex, caseSensitive, invert })),
    [query, regex, caseSensitive, invert],
  );
  const [current, setCurrent] = useState<number | null>(null);
  const matcher = compiled?.ok ? compiled.matcher : null;

  const step = useCallback(
    (session: LogSession | null, direction: 1 | -1) => {
      const matches = session?.matchIndex?.matches;
      if (!matches || matches.length === 0) return null;
      let pos: number;
      if (current === null) pos = direction === 1 ? 0 : matches.length - 1;
      else {
        const at = matches.lowerBound(current + (direction === 1 ? 1 : 0));
        pos = direction === 1 ? at : at - 1;
      }
      const seq = matches.at((pos + matches.length) % matches.length) ?? null;
      setCurrent(seq);
      return seq;
    },
    [current],
  );

  return { matcher, error: compiled && !compiled.ok ? compiled.error : null, current, step };
}
