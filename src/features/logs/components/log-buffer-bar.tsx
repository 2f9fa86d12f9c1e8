import { useState } from 'react';
import { buttonClass } from '@/components/styles.ts';
import type { LogSession } from '../lib/log-session.ts';

interface LogBufferBarProps {
  session: LogSession;
  /** Load older and deep links work on one stream, not on the merged view. */
  single: boolean;
  onError(err: unknown): void;
  onLinked(offset: number): void;
}

/** What the buffer holds, what it dropped, and the way to older lines. */
export function LogBufferBar({ session, single, onError, onLinked }: LogBufferBarProps) {
  const [loading, setLoading] = useState(false);
  const { buffer } = session;
  const load = async () => {
    setLoading(true);
    try {
      await session.loadOlder();
    } catch (err) {
      onError(err);
    } finally {
      setLoading(false);
    }
  };
  const link = async () => {
    try {
      const offset = await session.firstLoadedOffset();
      if (offset !== undefined) onLinked(offset);
    } catch (err) {
      onError(err);
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm text-zinc-600 dark:text-zinc-400">
      <span className="tabular-nums">
        {buffer.size.toLocaleString()} lines in memory (at most {buffer.capacity.toLocaleString()})
      </span>
      {buffer.dropped > 0 && (
        <span role="status" className="text-amber-700 dark:text-amber-400">
          Dropped the oldest {buffer.dropped.toLocaleString()} lines to stay within the limit.
        </span>
      )}
      {single && (
        <>
          <button
            type="button"
            className={buttonClass}
            disabled={loading || session.atBeginning || buffer.dropped > 0}
            onClick={() => void load()}
            title={
              buffer.dropped > 0
                ? 'Lines were dropped to stay within the limit; raise it to read older ones'
                : undefined
            }
          >
            {session.atBeginning ? 'At the beginning of the log' : loading ? 'Loading older…' : 'Load older'}
          </button>
          <button type="button" className={buttonClass} onClick={() => void link()}>
            Link to this position
          </button>
        </>
      )}
    </div>
  );
}
