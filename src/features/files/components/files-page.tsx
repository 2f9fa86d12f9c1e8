import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { Link } from 'react-router';
import { PageHeader } from '@/components/page-header.tsx';
import { linkClass } from '@/components/styles.ts';
import { isNomadError } from '@/lib/nomad/nomad-error.ts';
import { fsQueries, type FsScope } from '../lib/fs-api.ts';
import { Breadcrumbs } from './breadcrumbs.tsx';
import { DirectoryTable } from './directory-table.tsx';
import { FileView } from './file-view.tsx';

export interface FilesPageProps {
  allocId: string;
  allocName: string;
  namespace: string;
  region: string | undefined;
  /** Relative to the allocation directory; '' is its root. */
  path: string;
  hrefFor(path: string): string;
  allocHref: string;
  /** The live log view of a task's stream, for `alloc/logs/<task>.<type>.<n>` files. */
  logHrefFor(task: string, type: 'stdout' | 'stderr'): string;
}

/** The allocation directory: browse it, read any file in it. */
export function FilesPage(props: FilesPageProps) {
  const { allocId, allocName, namespace, region, path, hrefFor, logHrefFor } = props;
  const scope: FsScope = { allocId, namespace, region };
  const stat = useQuery(fsQueries.stat(scope, path));
  const isDir = path === '' || stat.data?.IsDir === true;
  return (
    <div>
      <title>{`Files · ${path || '/'} · ${allocName} · nomad-live`}</title>
      <PageHeader
        title="Files"
        description={
          <>
            Allocation{' '}
            <Link to={props.allocHref} className={`${linkClass} font-mono`}>
              {allocName}
            </Link>
          </>
        }
      />
      <Breadcrumbs path={path} root={allocName} hrefFor={hrefFor} />
      {path !== '' && stat.error ? (
        <ErrorAlert
          title={
            isNomadError(stat.error) && stat.error.kind === 'not-found'
              ? 'No such file or directory'
              : 'Could not read this path'
          }
          error={stat.error}
        />
      ) : isDir ? (
        <DirectoryTable scope={scope} path={path} hrefFor={hrefFor} logHrefFor={logHrefFor} />
      ) : stat.data ? (
        <FileView key={path} scope={scope} path={path} info={stat.data} />
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>
      )}
    </div>
  );
}
