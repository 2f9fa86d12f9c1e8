import { useState } from 'react';
import { buttonClass, controlClass } from '@/components/styles.ts';

interface ExecSearchBarProps {
  find(query: string, backwards: boolean): boolean;
  onClose(): void;
}

/** Search in the terminal's scrollback: Enter finds the next match, Shift+Enter the previous. */
export function ExecSearchBar({ find, onClose }: ExecSearchBarProps) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<boolean | null>(null);
  const run = (backwards: boolean) => {
    if (query) setFound(find(query, backwards));
  };
  return (
    <div className="flex flex-wrap items-center gap-2" role="search">
      <input
        type="search"
        aria-label="Search the scrollback"
        placeholder="Search scrollback"
        autoFocus
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setFound(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') run(e.shiftKey);
          if (e.key === 'Escape') onClose();
        }}
        className={`${controlClass} w-56`}
      />
      <button type="button" className={buttonClass} onClick={() => run(true)} disabled={!query}>
        Previous
      </button>
      <button type="button" className={buttonClass} onClick={() => run(false)} disabled={!query}>
        Next
      </button>
      {found === false && <span className="text-sm text-zinc-600 dark:text-zinc-400">No match</span>}
    </div>
  );
}
