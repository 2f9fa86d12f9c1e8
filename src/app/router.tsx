import { lazy, type ComponentType } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { AppLayout } from './layout/app-layout.tsx';
import { paths } from './paths.ts';
import { NotFoundRoute } from './routes/not-found.tsx';
import { RootError, RouteError } from './routes/route-error.tsx';

/**
 * Every page is its own chunk, loaded on first visit, so the first screen downloads only the
 * shell and the page it shows (xterm, charts and the other pages stay behind). A failed chunk
 * load throws into the route's error element like any other page error. Once a chunk is in,
 * its page renders directly: going through `lazy` again would suspend for a tick, and React
 * holds a revealed Suspense boundary back for up to 300 ms.
 */
function page<M>(load: () => Promise<M>, pick: (m: M) => ComponentType) {
  let loaded: ComponentType | null = null;
  const remember = () =>
    load().then((m) => {
      loaded = pick(m);
      return loaded;
    });
  const Lazy = lazy(() => remember().then((c) => ({ default: c })));
  function Page() {
    const Loaded = loaded;
    return Loaded ? <Loaded /> : <Lazy />;
  }
  return { preload: remember, element: <Page /> };
}

const pages = {
  events: page(
    () => import('./routes/events.tsx'),
    (m) => m.EventsRoute,
  ),
  allocations: page(
    () => import('./routes/allocations.tsx'),
    (m) => m.AllocationsRoute,
  ),
  allocation: page(
    () => import('./routes/alloc-detail.tsx'),
    (m) => m.AllocationDetailRoute,
  ),
  allocationFiles: page(
    () => import('./routes/alloc-files.tsx'),
    (m) => m.AllocationFilesRoute,
  ),
  allocationLogs: page(
    () => import('./routes/alloc-logs.tsx'),
    (m) => m.AllocationLogsRoute,
  ),
  allocationExec: page(
    () => import('./routes/alloc-exec.tsx'),
    (m) => m.AllocationExecRoute,
  ),
  jobs: page(
    () => import('./routes/jobs.tsx'),
    (m) => m.JobsRoute,
  ),
  job: page(
    () => import('./routes/job-detail.tsx'),
    (m) => m.JobDetailRoute,
  ),
  nodes: page(
    () => import('./routes/nodes.tsx'),
    (m) => m.NodesRoute,
  ),
  node: page(
    () => import('./routes/node-detail.tsx'),
    (m) => m.NodeDetailRoute,
  ),
  sinks: page(
    () => import('./routes/sinks.tsx'),
    (m) => m.SinksRoute,
  ),
  settings: page(
    () => import('./routes/settings.tsx'),
    (m) => m.SettingsRoute,
  ),
};

/**
 * The landing page's chunk, fetched as soon as startup asks (main.tsx renders once it is in,
 * so the first screen never suspends). Only the timeline (`/`, `/events`) is worth the wait:
 * it is where most visits start; other pages load through `lazy` as usual.
 */
export function preloadLandingPage(pathname: string): Promise<unknown> {
  return /^\/(events\/?)?$/.test(pathname) ? pages.events.preload().catch(() => {}) : Promise.resolve();
}

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
          { path: rel(paths.events.path), element: pages.events.element },
          { path: rel(paths.allocations.path), element: pages.allocations.element },
          { path: rel(paths.allocation.path), element: pages.allocation.element },
          { path: rel(paths.allocationFiles.path), element: pages.allocationFiles.element },
          { path: rel(paths.allocationLogs.path), element: pages.allocationLogs.element },
          { path: rel(paths.allocationExec.path), element: pages.allocationExec.element },
          { path: rel(paths.jobs.path), element: pages.jobs.element },
          { path: rel(paths.job.path), element: pages.job.element },
          { path: rel(paths.nodes.path), element: pages.nodes.element },
          { path: rel(paths.node.path), element: pages.node.element },
          { path: rel(paths.sinks.path), element: pages.sinks.element },
          { path: rel(paths.settings.path), element: pages.settings.element },
          { path: '*', element: <NotFoundRoute /> },
        ],
      },
    ],
  },
]);
