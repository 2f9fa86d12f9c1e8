import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { linkClass } from '@/components/styles.ts';
import { describeFailure } from '@/lib/nomad/nomad-error.ts';
import type { EventSink } from '@/lib/nomad/types.ts';
import { sinkQueries } from '../api/sink-queries.ts';
import { SinkStateBadge } from './sink-state-badge.tsx';

interface SinkListProps {
  sinks: readonly EventSink[];
  selected: string | null;
  hrefFor: (id: string) => string;
}

function topicsText(sink: EventSink): string {
  return Object.entries(sink.Topics ?? {})
    .map(([topic, keys]) => (keys.length === 1 && keys[0] === '*' ? topic : `${topic}: ${keys.join(', ')}`))
    .join(' · ');
}

function StateCell({ id }: { id: string }) {
  const query = useQuery(sinkQueries.summary(id));
  if (query.isError) {
    // Say why (the server could not check the token with Nomad, or did not answer): the poll
    // keeps going, so this heals by itself.
    const why = describeFailure(query.error);
    return (
      <p role="status" className="max-w-72 truncate text-xs text-zinc-500" title={why}>
        state unavailable: {why}
      </p>
    );
  }
  if (!query.data) return <span className="text-xs text-zinc-500">…</span>;
  const d = query.data;
  return (
    <div className="space-y-0.5">
      <SinkStateBadge state={d} />
      {d.State !== 'healthy' && d.LastError && (
        <p className="max-w-72 truncate text-xs text-red-700 dark:text-red-300" title={d.LastError}>
          {d.LastError}
        </p>
      )}
    </div>
  );
}

/** Every sink with its progress and its worker's state; the ID opens the sink. */
export function SinkList({ sinks, selected, hrefFor }: SinkListProps) {
  if (sinks.length === 0) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        No sinks yet. A sink forwards the cluster’s events to a webhook; create one to start.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-zinc-500 uppercase dark:text-zinc-400">
          <tr>
            <th className="py-2 pr-4 font-medium">ID</th>
            <th className="py-2 pr-4 font-medium">State</th>
            <th className="py-2 pr-4 font-medium">Latest index</th>
            <th className="py-2 pr-4 font-medium">Address</th>
            <th className="py-2 font-medium">Topics</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {sinks.map((sink) => (
            <tr
              key={sink.ID}
              aria-current={sink.ID === selected || undefined}
              className="aria-current:bg-teal-50 dark:aria-current:bg-teal-950/40"
            >
              <td className="py-2 pr-4 font-mono">
                <Link className={linkClass} to={hrefFor(sink.ID)}>
                  {sink.ID}
                </Link>
              </td>
              <td className="py-2 pr-4">
                <StateCell id={sink.ID} />
              </td>
              <td className="py-2 pr-4 font-mono tabular-nums" aria-label={`Latest index of ${sink.ID}`}>
                {sink.LatestIndex}
              </td>
              <td className="max-w-80 truncate py-2 pr-4 font-mono text-xs" title={sink.Address}>
                {sink.Address}
              </td>
              <td className="py-2 text-xs">{topicsText(sink)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
