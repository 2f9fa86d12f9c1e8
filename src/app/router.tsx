import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { AppLayout } from './layout/app-layout.tsx';
import { paths } from './paths.ts';
import { AllocationsRoute } from './routes/allocations.tsx';
import { EventsRoute } from './routes/events.tsx';
import { JobDetailRoute } from './routes/job-detail.tsx';
import { JobsRoute } from './routes/jobs.tsx';
import { NodesRoute } from './routes/nodes.tsx';
import { NotFoundRoute } from './routes/not-found.tsx';
import { RootError, RouteError } from './routes/route-error.tsx';
import { SettingsRoute } from './routes/settings.tsx';
import { SinksRoute } from './routes/sinks.tsx';

/** `/` goes to the Jobs page for now (the event timeline becomes home once it exists). */
function IndexRedirect() {
  const { search } = useLocation();
  return <Navigate to={{ pathname: paths.jobs.path, search }} replace />;
}

const rel = (path: string) => path.replace(/^\//, '');

export const router = createBrowserRouter([
  {
    path: paths.home.path,
    element: <AppLayout />,
    // Only if the shell itself fails; page errors stay inside the shell (below).
    errorElement: <RootError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <IndexRedirect /> },
          { path: rel(paths.events.path), element: <EventsRoute /> },
          { path: rel(paths.allocations.path), element: <AllocationsRoute /> },
          { path: rel(paths.jobs.path), element: <JobsRoute /> },
          { path: rel(paths.job.path), element: <JobDetailRoute /> },
          { path: rel(paths.nodes.path), element: <NodesRoute /> },
          { path: rel(paths.sinks.path), element: <SinksRoute /> },
          { path: rel(paths.settings.path), element: <SettingsRoute /> },
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
]);
