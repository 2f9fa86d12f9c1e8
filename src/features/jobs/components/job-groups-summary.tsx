import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '@/components/error-alert.tsx';
import type { TaskGroupSummary } from '@/lib/nomad/types.ts';
import { jobPartQueries, type JobListScope } from '../api/job-queries.ts';

const COLUMNS: readonly (keyof TaskGroupSummary)[] = [
  'Queued',
  'Starting',
  'Running',
  'Complete',
  'Failed',
  'Lost',
  'Unknown',
];
const th = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400';

/** Allocation counts per task group and status, from the job summary, live. */
export function JobGroupsSummary({ scope, id }: { scope: JobListScope; id: string }) {
  const query = useQuery(jobPartQueries.summary({ ...scope, id }));
  if (query.error) return <ErrorAlert title="Could not load the job summary" error={query.error} />;
  if (!query.data) return <p className="text-sm text-zinc-500">Loading summary…</p>;
  const groups = Object.entries(query.data.Summary ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (groups.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No task groups.</p>;
  return (
    <div className="-mx-4 overflow-x-auto">
      <table className="w-full min-w-[36rem] border-collapse text-sm">
        <caption className="sr-only">Allocations by task group and status</caption>
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            <th scope="col" className={`${th} pl-4`}>
              Task group
            </th>
            {COLUMNS.map((c) => (
              <th key={c} scope="col" className={`${th} text-right`}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {groups.map(([name, s]) => (
            <tr key={name}>
              <th scope="row" className="px-3 py-2 pl-4 text-left font-mono font-normal">
                {name}
              </th>
              {COLUMNS.map((c) => (
                <td
                  key={c}
                  className={`px-3 py-2 text-right tabular-nums ${s[c] ? '' : 'text-zinc-400 dark:text-zinc-600'}`}
                >
                  {s[c]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
