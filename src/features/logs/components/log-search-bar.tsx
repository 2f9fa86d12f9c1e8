import { useEffect, useState, type RefObject } from 'react';
import { buttonClass, controlClass } from '@/components/styles.ts';
import type { LogUrlState } from '../hooks/use-log-url.ts';

interface LogSearchBarProps {
  url: LogUrlState;
  onChange(patch: Partial<LogUrlState>): void;
  error: string | null;
  matchCount: number | null;
  /** The search is still going through the buffered lines (the count is partial). */
  searching?: boolean;
  onStep(direction: 1 | -1): void;
  inputRef: RefObject<HTMLInputElement | null>;
}

const check = 'inline-flex items-center gap-1 text-sm text-zinc-700 dark:text-zinc-300';

/** Search box with regex / case / invert, search vs filter mode, context lines and match navigation. */
export function LogSearchBar({ url, onChange, error, matchCount, searching, onStep, inputRef }: LogSearchBarProps) {
  // The box keeps its own text: the URL updates asynchronously, and a controlled input fed
  // from it would drop keystrokes typed in between. The URL (and the re-scan of every
  // buffered line) follows after a short pause in typing.
  const [text, setText] = useState(url.query);
  useEffect(() => {
    if (text === url.query) return;
    const t = setTimeout(() => onChange({ query: text }), 150);
    return () => clearTimeout(t);
  }, [text, url.query, onChange]);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <input
        ref={inputRef}
        type="search"
        aria-label="Search logs"
        aria-invalid={error !== null}
        placeholder={url.regex ? 'Regular expression  ( / )' : 'Search  ( / )'}
        className={`${controlClass} w-72 font-mono`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onStep(e.shiftKey ? -1 : 1);
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
      <label className={check}>
        <input type="checkbox" checked={url.regex} onChange={(e) => onChange({ regex: e.target.checked })} />
        Regex
      </label>
      <label className={check}>
        <input
          type="checkbox"
          checked={url.caseSensitive}
          onChange={(e) => onChange({ caseSensitive: e.target.checked })}
        />
        Match case
      </label>
      <label className={check}>
        <input type="checkbox" checked={url.invert} onChange={(e) => onChange({ invert: e.target.checked })} />
        Invert
      </label>
      <label className={check}>
        <input type="checkbox" checked={url.filter} onChange={(e) => onChange({ filter: e.target.checked })} />
        Show only matching lines
      </label>
      {url.filter && (
        <label className={check}>
          Context
          <input
            type="number"
            min={0}
            max={50}
            aria-label="Context lines"
            className={`${controlClass} w-16`}
            value={url.context}
            onChange={(e) => onChange({ context: Math.max(0, Math.min(50, Number(e.target.value) || 0)) })}
          />
        </label>
      )}
      <span className="inline-flex items-center gap-2">
        {matchCount !== null && (
          <span className="text-sm text-zinc-600 tabular-nums dark:text-zinc-400" aria-live="polite">
            {searching ? 'Searching… ' : ''}
            {matchCount.toLocaleString()} matching {matchCount === 1 ? 'line' : 'lines'}
            {searching ? ' so far' : ''}
          </span>
        )}
        <button type="button" className={buttonClass} onClick={() => onStep(-1)} disabled={!matchCount}>
          Previous
        </button>
        <button type="button" className={buttonClass} onClick={() => onStep(1)} disabled={!matchCount}>
          Next
        </button>
      </span>
      {error && (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-400">
          Invalid regular expression: {error}
        </p>
      )}
    </div>
  );
}
