import type { StreamStart, StreamStatus } from '@/lib/nomad/event-stream.ts';
import { aclNeeded } from '../lib/subscription.ts';

interface StreamNoticesProps {
  status: StreamStatus | undefined;
  topics: readonly string[];
  namespace: string;
  start: StreamStart;
}

const lines = (n: number) => `${n} line${n === 1 ? '' : 's'}`;

/** Unreadable lines: how many, how many were read again, how many were given up on. */
function malformedText(status: StreamStatus): string {
  const { malformed, rereads, unrecovered } = status;
  let text = `${lines(malformed)} from the server could not be read`;
  if (rereads > 0)
    text += `; the stream read again from the last good index ${rereads === 1 ? 'once' : `${rereads} times`}`;
  if (unrecovered > 0) text += `; ${lines(unrecovered)} unreadable again and skipped, so events may be missing`;
  const other = malformed - rereads - unrecovered;
  if (other > 0) text += `; ${lines(other)} that ${other === 1 ? 'was' : 'were'} not an event batch skipped`;
  return `${text}.`;
}

/** What the connection's state alone does not say: refusals, possible gaps, bad lines. */
export function StreamNotices({ status, topics, namespace, start }: StreamNoticesProps) {
  if (!status) return null;
  const refused = status.state === 'closed' && status.closeKind === 'permission';
  const rejected = status.state === 'closed' && status.closeKind === 'rejected';
  return (
    <>
      {refused && (
        <div
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
        >
          <p className="font-medium">The server refused this subscription.</p>
          <p className="mt-1">{status.reason}</p>
          <p className="mt-1">
            These topics need {aclNeeded(topics, namespace)}. Subscribe to topics your token may read (e.g.{' '}
            <code>Job</code>, <code>Allocation</code> in a namespace you can read), or set another token in Settings.
          </p>
        </div>
      )}
      {rejected && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          The server rejected the request: {status.reason}
        </p>
      )}
      {start.from === 'index' && status.firstIndex !== undefined && status.firstIndex > start.index && (
        <p role="status" className="text-sm text-amber-700 dark:text-amber-300">
          Asked to start at index {start.index}; the first events the server sent are at index {status.firstIndex}.
          Nomad keeps only its newest batches and silently starts later when the index is gone, so events in between may
          be missing (or none matched).
        </p>
      )}
      {status.gap && (
        <p role="status" className="text-sm text-amber-700 dark:text-amber-300">
          Possible gap: after reconnecting, the stream resumed at index {status.gap.resumedAt}, not at{' '}
          {status.gap.after}; events in between may have left the server’s buffer (or a restarted server lost it)
          {status.gaps > 1 ? ` (${status.gaps} possible gaps so far)` : ''}.
        </p>
      )}
      {status.malformed > 0 && (
        <p role="status" className="text-xs text-amber-700 dark:text-amber-300" title={status.lastMalformed}>
          {malformedText(status)}
        </p>
      )}
    </>
  );
}
