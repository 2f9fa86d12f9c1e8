import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { paths } from '../paths.ts';
import { MainNav } from './main-nav.tsx';
import { RouteFallback } from './route-fallback.tsx';
import { TopBar } from './top-bar.tsx';

export function AppLayout() {
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a
        href="#main"
        className="sr-only rounded-md bg-teal-700 px-3 py-2 text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to content
      </a>
      {/* The outer column carries the background the full page height; the inner part stays in view. */}
      <div className="shrink-0 border-b border-zinc-200 bg-zinc-100/70 md:w-52 md:border-r md:border-b-0 dark:border-zinc-800 dark:bg-zinc-900/60">
        <aside className="px-3 py-3 md:sticky md:top-0 md:py-4">
          <Link
            to={paths.home.getHref()}
            className="mb-4 flex items-center gap-2 px-3 text-base font-semibold tracking-tight"
          >
            <img src="/favicon.svg" alt="" className="size-6" />
            nomad-live
          </Link>
          <MainNav />
        </aside>
      </div>
      <div className="flex min-w-0 flex-1 flex-col">
        <TopBar />
        <main id="main" tabIndex={-1} className="flex-1 px-4 py-6 outline-none md:px-8">
          {/* Pages are separate chunks (router.tsx): the shell stays while one loads. */}
          <Suspense fallback={<RouteFallback />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
