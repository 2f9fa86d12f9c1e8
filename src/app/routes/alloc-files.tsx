import { useQuery } from '@tanstack/react-query';
import { useLocation, useParams } from 'react-router';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { allocQueries } from '@/features/allocations/api/alloc-queries.ts';
import { ShortIdResolver } from '@/features/allocations/components/short-id-resolver.tsx';
import { FilesPage } from '@/features/files/components/files-page.tsx';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';

export function AllocationFilesRoute() {
  const { id = '', '*': splat = '' } = useParams();
  const { region } = useScope();
  const { search } = useLocation();
  const full = isFullAllocId(id);
  const alloc = useQuery({ ...allocQueries.detail({ id, region }), enabled: full });
  if (!full) {
    const rest = splat ? `/${splat}` : '';
    return (
      <ShortIdResolver
        id={id}
        region={region}
        allocHref={(fullId) => `${paths.allocation.getHref(fullId)}/files${rest}${search}`}
      />
    );
  }
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
      hrefFor={(p) => paths.allocationFiles.getHref(a.ID, p, { region })}
      allocHref={paths.allocation.getHref(a.ID, { region })}
      logHrefFor={(task, type) => {
        const href = paths.allocationLogs.getHref(a.ID, task, { region });
        return type === 'stdout' ? href : `${href}${href.includes('?') ? '&' : '?'}type=stderr`;
      }}
    />
  );
}

/** Nomad reads allocations by their full 36-character ID only; anything shorter is a prefix. */
export function isFullAllocId(id: string): boolean {
  return id.length === 36;
}
