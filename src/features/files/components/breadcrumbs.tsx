import { Link } from 'react-router';
import { linkClass } from '@/components/styles.ts';
import { revealControls } from '@/lib/reveal-controls.ts';

/** `allocation / alloc / logs / web.stdout.0`, every part a link but the last. */
export function Breadcrumbs({ path, root, hrefFor }: { path: string; root: string; hrefFor(path: string): string }) {
  const parts = path.split('/').filter(Boolean);
  return (
    <nav aria-label="Breadcrumb" className="mb-3 text-sm">
      <ol className="flex flex-wrap items-center gap-1 font-mono">
        <li>
          {parts.length === 0 ? (
            <span aria-current="page">{root}</span>
          ) : (
            <Link to={hrefFor('')} className={linkClass}>
              {root}
            </Link>
          )}
        </li>
        {parts.map((part, i) => {
          const here = parts.slice(0, i + 1).join('/');
          const last = i === parts.length - 1;
          return (
            <li key={here} className="flex items-center gap-1">
              <span className="text-zinc-400" aria-hidden>
                /
              </span>
              {last ? (
                <span aria-current="page">{revealControls(part)}</span>
              ) : (
                <Link to={hrefFor(here)} className={linkClass}>
                  {revealControls(part)}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
