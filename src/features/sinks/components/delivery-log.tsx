import { formatDateTime } from '@/lib/format-time.ts';
import type { SinkAttempt } from '@/lib/nomad/types.ts';

function statusText(a: SinkAttempt): string {
  return a.StatusCode === 0 ? 'no response' : String(a.StatusCode);
}

const ok = (a: SinkAttempt) => a.StatusCode >= 200 && a.StatusCode < 300;

/** The worker's recent attempts, newest first: what the receiver answered and how fast. */
export function DeliveryLog({ attempts }: { attempts: readonly SinkAttempt[] }) {
  if (attempts.length === 0) {
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No delivery attempted yet.</p>;
  }
  return (
    <div className="max-h-96 overflow-auto">
      <table className="w-full text-left text-sm" aria-label="Delivery log">
        <thead className="sticky top-0 bg-white text-xs text-zinc-500 uppercase dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th className="py-1.5 pr-3 font-medium">Time</th>
            <th className="py-1.5 pr-3 font-medium">Index</th>
            <th className="py-1.5 pr-3 font-medium">Events</th>
            <th className="py-1.5 pr-3 font-medium">Status</th>
            <th className="py-1.5 pr-3 font-medium">Latency</th>
            <th className="py-1.5 font-medium">Error</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 font-mono text-xs dark:divide-zinc-800">
          {attempts.map((a, i) => (
            <tr key={`${a.Time}-${a.Index}-${i}`}>
              <td className="py-1.5 pr-3 whitespace-nowrap">{formatDateTime(Date.parse(a.Time))}</td>
              <td className="py-1.5 pr-3 tabular-nums">{a.Test ? 'test' : a.Index}</td>
              <td className="py-1.5 pr-3 tabular-nums">{a.Events}</td>
              <td
                className={`py-1.5 pr-3 tabular-nums ${ok(a) ? 'text-emerald-700 dark:text-emerald-300' : 'text-red-700 dark:text-red-300'}`}
              >
                {statusText(a)}
              </td>
              <td className="py-1.5 pr-3 tabular-nums">{a.LatencyMs} ms</td>
              <td className="max-w-96 truncate py-1.5" title={a.Error || undefined}>
                {a.Error}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
