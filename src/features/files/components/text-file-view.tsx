import { useState } from 'react';
import { buttonClass, controlClass } from '@/components/styles.ts';
import { useFileWindow } from '../hooks/use-file-window.ts';
import type { FsScope } from '../lib/fs-api.ts';
import { formatBytes } from '../lib/format-bytes.ts';
import { prettyJson } from '../lib/text-window.ts';
import { ReadError } from './read-error.tsx';
import { TextLines } from './text-lines.tsx';

interface TextFileViewProps {
  scope: FsScope;
  path: string;
  size: number;
  json: boolean;
}

/** A text file of any size, read by window; JSON can be shown pretty when it was loaded whole. */
export function TextFileView({ scope, path, size, json }: TextFileViewProps) {
  const win = useFileWindow(scope, path, size, 'head');
  const [jump, setJump] = useState('');
  const [wrap, setWrap] = useState(false);
  const [pretty, setPretty] = useState(json);
  const view = win.view;
  const whole = view !== null && view.start === 0 && view.end >= win.size;
  const prettyText = pretty && json && whole ? prettyJson(view.lines.join('\n')) : null;
  const lines = prettyText !== null ? prettyText.split('\n') : (view?.lines ?? []);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={buttonClass} onClick={win.head}>
          Head
        </button>
        <button type="button" className={buttonClass} onClick={win.tail}>
          Tail
        </button>
        <form
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            const n = Number(jump);
            if (Number.isInteger(n) && n >= 0) win.loadAt(n);
          }}
        >
          <input
            className={`${controlClass} w-36`}
            inputMode="numeric"
            aria-label="Byte offset"
            placeholder="Byte offset"
            value={jump}
            onChange={(e) => setJump(e.target.value.replace(/[^\d]/g, ''))}
          />
          <button type="submit" className={buttonClass}>
            Go
          </button>
        </form>
        <button
          type="button"
          className={buttonClass}
          aria-pressed={win.following}
          onClick={() => win.setFollowing(!win.following)}
        >
          {win.following ? 'Following' : 'Follow'}
        </button>
        <label className="inline-flex items-center gap-1 text-sm">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} />
          Wrap
        </label>
        {json && (
          <label className="inline-flex items-center gap-1 text-sm">
            <input type="checkbox" checked={pretty} onChange={(e) => setPretty(e.target.checked)} />
            Pretty JSON
          </label>
        )}
        {view && (
          <span className="text-sm text-zinc-600 tabular-nums dark:text-zinc-400" role="status">
            Showing bytes {view.start.toLocaleString()}–{view.end.toLocaleString()} of {win.size.toLocaleString()} (
            {formatBytes(win.size)}){win.loading ? ' · loading…' : ''}
          </span>
        )}
      </div>
      {pretty && json && whole && prettyText === null && (
        <p className="text-sm text-amber-700 dark:text-amber-400">This file is not valid JSON; showing it as text.</p>
      )}
      {win.note && <p className="text-sm text-amber-700 dark:text-amber-400">{win.note}</p>}
      {win.error !== null && <ReadError error={win.error} path={path} />}
      {view && view.cutFirst && prettyText === null && (
        <p className="text-xs text-zinc-500">
          Starts at byte {view.start.toLocaleString()}: line numbers count from there. Scroll up or use Head for earlier
          bytes.
        </p>
      )}
      {view && (
        <TextLines
          lines={lines}
          firstNumber={1}
          wrap={wrap}
          label={`Contents of ${path}`}
          onEdge={win.more}
          stickToEnd={win.following}
          startOffset={view.start}
        />
      )}
    </div>
  );
}
