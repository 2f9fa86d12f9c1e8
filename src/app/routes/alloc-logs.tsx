import { useQuery } from '@tanstack/react-query';
import { useLocation, useParams } from 'react-router';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { allocQueries } from '@/features/allocations/api/alloc-queries.ts';
import { ShortIdResolver } from '@/features/allocations/components/short-id-resolver.tsx';
import { LogsPage } from '@/features/logs/components/logs-page.tsx';
import type { Allocation } from '@/lib/nomad/types.ts';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';
import { isFullAllocId } from './alloc-files.tsx';

/** Task names of an allocation: its task states, else its job's group definition. */
export function allocTaskNames(alloc: Allocation): string[] {
  const fromStates = Object.keys(alloc.TaskStates ?? {});
  if (fromStates.length) return fromStates.sort();
  const group = alloc.Job?.TaskGroups?.find((g) => g.Name === alloc.TaskGroup);
  return (group?.Tasks ?? []).map((t) => t.Name).sort();
}

export function AllocationLogsRoute() {
  const { id = '', task } = useParams();
  const { region } = useScope();
  const { search } = useLocation();
  const full = isFullAllocId(id);
  const alloc = useQuery({ ...allocQueries.detail({ id, region }), enabled: full });
  if (!full) {
    return (
      <ShortIdResolver
        id={id}
        region={region}
        allocHref={(fullId) => `${paths.allocationLogs.getHref(fullId, task)}${search}`}
      />
    );
  }
  if (alloc.error && !alloc.data) return <ErrorAlert title="Could not load the allocation" error={alloc.error} />;
  if (!alloc.data) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading allocation…</p>;
  const a = alloc.data;
  return (
    <LogsPage
      key={`${id}/${task ?? ''}`}
      allocId={a.ID}
      allocName={a.Name}
      namespace={a.Namespace}
      region={region}
      tasks={allocTaskNames(a)}
      task={task}
      taskHref={(t) => `${paths.allocationLogs.getHref(a.ID, t)}${keepSearch(search)}`}
      allocHref={paths.allocation.getHref(a.ID, { region })}
      filesHref={paths.allocationFiles.getHref(a.ID, 'alloc/logs', { region })}
    />
  );
}

/** Switching task keeps the view settings (stream, search, wrap, region) but not a byte offset. */
function keepSearch(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('offset');
  const s = params.toString();
  return s ? `?${s}` : '';
}
