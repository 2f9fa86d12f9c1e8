import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { linkClass } from '@/components/styles.ts';
import { allocQueries } from '@/features/allocations/api/alloc-queries.ts';
import { ShortIdResolver } from '@/features/allocations/components/short-id-resolver.tsx';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';
import { isFullAllocId } from './alloc-files.tsx';
import { allocTaskNames } from './alloc-logs.tsx';

// xterm.js is a few hundred kilobytes that only this page needs: load it with the page.
const ExecPage = lazy(() => import('@/features/exec/components/exec-page.tsx').then((m) => ({ default: m.ExecPage })));
const loading = <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the terminal…</p>;

export function AllocationExecRoute() {
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
        allocHref={(fullId) => `${paths.allocationExec.getHref(fullId, task)}${search}`}
      />
    );
  }
  if (alloc.error && !alloc.data) return <ErrorAlert title="Could not load the allocation" error={alloc.error} />;
  if (!alloc.data) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading allocation…</p>;
  const a = alloc.data;
  const group = a.Job?.TaskGroups?.find((g) => g.Name === a.TaskGroup);
  const tasks = allocTaskNames(a).map((name) => ({
    name,
    state: a.TaskStates?.[name]?.State,
    driver: group?.Tasks?.find((t) => t.Name === name)?.Driver,
  }));
  return (
    <Suspense fallback={loading}>
      <ExecPage
        // Another allocation is another page; the sessions of this one must not carry over.
        key={a.ID}
        allocId={a.ID}
        allocName={a.Name}
        namespace={a.Namespace}
        region={region}
        tasks={tasks}
        pathTask={task}
        allocLink={
          <Link to={paths.allocation.getHref(a.ID, { region })} className={linkClass}>
            {a.Name}
          </Link>
        }
      />
    </Suspense>
  );
}
