import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { LiveIndicator } from '@/components/live-indicator.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { allocQueries } from '@/features/allocations/api/alloc-queries.ts';
import { ShortIdResolver } from '@/features/allocations/components/short-id-resolver.tsx';
import { liveStatus } from '@/lib/nomad/live-status.ts';
import type { Allocation } from '@/lib/nomad/types.ts';

/** Task names of an allocation: its task states, else its job's group definition. */
export function allocTaskNames(alloc: Allocation): string[] {
  const fromStates = Object.keys(alloc.TaskStates ?? {});
  if (fromStates.length) return fromStates.sort();
  const group = alloc.Job?.TaskGroups?.find((g) => g.Name === alloc.TaskGroup);
  return (group?.Tasks ?? []).map((t) => t.Name).sort();
}

/** Nomad reads allocations by their full 36-character ID only; anything shorter is a prefix. */
export function isFullAllocId(id: string): boolean {
  return id.length === 36;
}

/**
 * The allocation a sub-page (files, logs, exec) is about: a short ID is looked up and
 * redirected to `fullHref(fullId)`, then the page renders once the allocation is loaded.
 */
export function WithAllocation({
  id,
  region,
  fullHref,
  children,
}: {
  id: string;
  region: string | undefined;
  fullHref: (fullId: string) => string;
  children: (alloc: Allocation) => ReactNode;
}) {
  const full = isFullAllocId(id);
  const alloc = useQuery({ ...allocQueries.detail({ id, region }), enabled: full });
  if (!full) return <ShortIdResolver id={id} region={region} allocHref={fullHref} />;
  if (alloc.error && !alloc.data) return <ErrorAlert title="Could not load the allocation" error={alloc.error} />;
  if (!alloc.data) {
    return (
      <div className="space-y-2">
        <PageHeader
          title={
            <>
              Allocation <span className="font-mono">{id.slice(0, 8)}</span>
            </>
          }
        />
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading allocation…</p>
        {/* Retrying through an outage: say what fails instead of an endless "Loading". */}
        {alloc.failureReason !== null && (
          <LiveIndicator status={liveStatus(alloc)} onRetry={() => void alloc.refetch()} />
        )}
      </div>
    );
  }
  return children(alloc.data);
}
