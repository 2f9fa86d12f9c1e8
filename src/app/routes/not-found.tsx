import { Link, useLocation } from 'react-router';
import { PageHeader } from '@/components/page-header.tsx';
import { linkClass } from '@/components/styles.ts';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';

export function NotFoundRoute() {
  const { pathname } = useLocation();
  const scope = useScope();
  return (
    <>
      <title>Not found · nomad-live</title>
      <PageHeader title="Page not found" />
      <div className="max-w-xl space-y-3 text-sm text-zinc-700 dark:text-zinc-300">
        <p>
          Nothing lives at{' '}
          <code className="rounded bg-zinc-200 px-1 py-0.5 font-mono dark:bg-zinc-800">{pathname}</code>. The link may
          be mistyped or from an older version of nomad-live.
        </p>
        <p>
          <Link to={paths.jobs.getHref(scope)} className={linkClass}>
            Go to Jobs
          </Link>{' '}
          or pick a section from the navigation.
        </p>
      </div>
    </>
  );
}
