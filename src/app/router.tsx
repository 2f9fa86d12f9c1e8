import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { AppLayout } from './layout/app-layout.tsx';
import { paths } from './paths.ts';
import { AllocationDetailRoute } from './routes/alloc-detail.tsx';
import { AllocationExecRoute } from './routes/alloc-exec.tsx';
import { AllocationFilesRoute } from './routes/alloc-files.tsx';
import { AllocationLogsRoute } from './routes/alloc-logs.tsx';
import { AllocationsRoute } from './routes/allocations.tsx';
import { EventsRoute } from './routes/events.tsx';
import { JobDetailRoute } from './routes/job-detail.tsx';
import { JobsRoute } from './routes/jobs.tsx';
import { NodeDetailRoute } from './routes/node-detail.tsx';
import { NodesRoute } from './routes/nodes.tsx';
import { NotFoundRoute } from './routes/not-found.tsx';
import { RootError, RouteError } from './routes/route-error.tsx';
import { SettingsRoute } from './routes/settings.tsx';
import { SinksRoute } from './routes/sinks.tsx';

/** `/` goes to the live event timeline, keeping the query (scope, topics). */
function IndexRedirect() {
  const { search } = useLocation();
  return <Navigate to={{ pathname: paths.events.path, search }} replace />;
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
          { path: rel(paths.allocation.path), element: <AllocationDetailRoute /> },
          { path: rel(paths.allocationFiles.path), element: <AllocationFilesRoute /> },
          { path: rel(paths.allocationLogs.path), element: <AllocationLogsRoute /> },
          { path: rel(paths.allocationExec.path), element: <AllocationExecRoute /> },
          { path: rel(paths.jobs.path), element: <JobsRoute /> },
          { path: rel(paths.job.path), element: <JobDetailRoute /> },
          { path: rel(paths.nodes.path), element: <NodesRoute /> },
          { path: rel(paths.node.path), element: <NodeDetailRoute /> },
          { path: rel(paths.sinks.path), element: <SinksRoute /> },
          { path: rel(paths.settings.path), element: <SettingsRoute /> },
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
]);
