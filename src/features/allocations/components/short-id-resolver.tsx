import { useQuery } from '@tanstack/react-query';
import { Link, Navigate } from 'react-router';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { linkClass } from '@/components/styles.ts';
import { apiFetch } from '@/lib/nomad/http.ts';
import type { AllocListStub } from '@/lib/nomad/types.ts';
import { idMatches, sanitizeAllocPrefix } from '../lib/alloc-prefix.ts';

/**
 * `/allocations/3a137b7d` (the short ID the CLI prints): Nomad only reads allocations by
 * their full ID (a shorter one is a 500), so look the prefix up in every namespace the
 * token may read and go to the one allocation it names.
 */
export function ShortIdResolver({
  id,
  region,
  allocHref,
}: {
  id: string;
  region: string | undefined;
  allocHref: (id: string) => string;
}) {
  const { serverPrefix, match, problem } = sanitizeAllocPrefix(id);
  const query = useQuery({
    queryKey: ['allocations', 'resolve', { id, region: region ?? null }],
    queryFn: async ({ signal }) =>
      (
        await apiFetch<AllocListStub[]>('/v1/allocations', {
          namespace: '*',
          region,
          signal,
          query: { prefix: serverPrefix || undefined, task_states: 'false' },
        })
      ).data.filter((a) => idMatches(a.ID, match)),
    enabled: !problem && match.length > 0,
  });
  const matches = query.data ?? [];
  if (matches.length === 1) return <Navigate to={allocHref(matches[0]!.ID)} replace />;
  return (
    <>
      <title>{`Allocation ${id} · nomad-live`}</title>
      <PageHeader title={<span className="font-mono">Allocation {id}</span>} />
      {problem && (
        <p className="text-sm text-red-700 dark:text-red-400">
          “{id}” is not an allocation ID: {problem}
        </p>
      )}
      {query.error && (
        <ErrorAlert
          title="Could not look up this allocation"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      )}
      {query.isPending && !problem && (
        <p className="text-sm text-zinc-500">Looking up allocations starting with {id}…</p>
      )}
      {query.data && matches.length === 0 && (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No allocation that this token may read has an ID starting with {id}.
        </p>
      )}
      {matches.length > 1 && (
        <div className="text-sm">
          <p className="mb-2">
            {matches.length} allocations start with {id}:
          </p>
          <ul className="space-y-1">
            {matches.slice(0, 50).map((a) => (
              <li key={a.ID}>
                <Link to={allocHref(a.ID)} className={`${linkClass} font-mono`}>
                  {a.ID}
                </Link>{' '}
                <span className="text-zinc-600 dark:text-zinc-400">
                  {a.Name} ({a.Namespace})
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
