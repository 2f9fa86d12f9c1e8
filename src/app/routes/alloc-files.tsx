import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { allocQueries } from '@/features/allocations/api/alloc-queries.ts';
import { FilesPage } from '@/features/files/components/files-page.tsx';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';

export function AllocationFilesRoute() {
  const { id = '', '*': splat = '' } = useParams();
  const { region } = useScope();
  const alloc = useQuery(allocQueries.detail({ id, region }));
  if (alloc.error && !alloc.data) return <ErrorAlert title="Could not load the allocation" error={alloc.error} />;
  if (!alloc.data) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading allocation…</p>;
  const a = alloc.data;
  const path = splat.split('/').filter(Boolean).join('/');
  return (
    <FilesPage
      allocId={a.ID}
      allocName={a.Name}
      namespace={a.Namespace}
      region={region}
      path={path}
      hrefFor={(p) => dotSafe(paths.allocationFiles.getHref(a.ID, p, { region }))}
      allocHref={paths.allocation.getHref(a.ID, { region })}
      logHrefFor={(task, type) => {
        const href = dotSafe(paths.allocationLogs.getHref(a.ID, task, { region }));
        return type === 'stdout' ? href : `${href}${href.includes('?') ? '&' : '?'}type=stderr`;
      }}
    />
  );
}

/**
 * Writes the dots of the last path segment as `%2E`. The production static server treats a
 * URL whose last segment has an extension (`…/files/alloc/logs/web.stdout.0`) as a missing
 * asset and answers 404 instead of the app, so a reload or shared link to a file would fail.
 * The router decodes `%2E` back to `.`.
 */
export function dotSafe(href: string): string {
  const q = href.indexOf('?');
  const path = q === -1 ? href : href.slice(0, q);
  const cut = path.lastIndexOf('/') + 1;
  return path.slice(0, cut) + path.slice(cut).replaceAll('.', '%2E') + (q === -1 ? '' : href.slice(q));
}
