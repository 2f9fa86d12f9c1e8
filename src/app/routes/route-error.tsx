import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { linkClass } from '@/components/styles.ts';
import { paths } from '../paths.ts';

function asError(error: unknown): Error {
  if (isRouteErrorResponse(error)) return new Error(`${error.status} ${error.statusText}`);
  return error instanceof Error ? error : new Error(String(error));
}

/** A page crashed: the shell stays, the page says so and offers a reload. */
export function RouteError() {
  const error = asError(useRouteError());
  return (
    <div className="max-w-2xl space-y-3">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <ErrorAlert title="This page failed to display" error={error} onRetry={() => window.location.reload()} />
      <Link to={paths.jobs.getHref()} className={`${linkClass} text-sm`}>
        Go to Jobs
      </Link>
    </div>
  );
}

/** The shell itself crashed: nothing else to lean on, so keep this minimal. */
export function RootError() {
  const error = asError(useRouteError());
  return (
    <main className="mx-auto max-w-2xl space-y-3 p-8">
      <h1 className="text-2xl font-semibold">nomad-live failed to start</h1>
      <ErrorAlert title="The dashboard crashed" error={error} onRetry={() => window.location.reload()} />
    </main>
  );
}
