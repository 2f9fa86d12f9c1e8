import { NavLink } from 'react-router';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';

const ITEMS = [
  { label: 'Events', to: paths.events, icon: 'M2 10h3l2-5 3 10 2-5h6' },
  { label: 'Allocations', to: paths.allocations, icon: 'M3 4h6v5H3zM11 4h6v5h-6zM3 11h6v5H3zM11 11h6v5h-6z' },
  { label: 'Jobs', to: paths.jobs, icon: 'M3 6h14v10H3zM7 6V4h6v2' },
  { label: 'Nodes', to: paths.nodes, icon: 'M3 3h14v5H3zM3 12h14v5H3zM6 5.5h.01M6 14.5h.01' },
  { label: 'Sinks', to: paths.sinks, icon: 'M10 2v9m0 0-3.5-3.5M10 11l3.5-3.5M3 13v3h14v-3' },
  {
    label: 'Settings',
    to: paths.settings,
    icon: 'M10 7a3 3 0 1 0 0 6 3 3 0 0 0 0-6ZM10 1.5v2.5M10 16v2.5M1.5 10H4M16 10h2.5M4 4l1.8 1.8M14.2 14.2 16 16M4 16l1.8-1.8M14.2 5.8 16 4',
  },
] as const;

/** The sections of the app; links keep the current namespace and region. */
export function MainNav() {
  const scope = useScope();
  return (
    <nav aria-label="Main">
      <ul className="flex gap-1 overflow-x-auto md:flex-col">
        {ITEMS.map(({ label, to, icon }) => (
          <li key={label}>
            <NavLink
              to={to.getHref(scope)}
              className={({ isActive }) =>
                `flex items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap ${
                  isActive
                    ? 'bg-teal-50 text-teal-900 dark:bg-teal-950 dark:text-teal-100'
                    : 'text-zinc-700 hover:bg-zinc-200/60 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-white'
                }`
              }
            >
              <svg
                aria-hidden="true"
                viewBox="0 0 20 20"
                className="size-4 shrink-0"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.6"
                strokeLinecap="round"
                strokeLinejoin="round"
              >
                <path d={icon} />
              </svg>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
