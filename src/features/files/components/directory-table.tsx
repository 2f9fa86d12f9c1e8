import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { RelativeTime } from '@/components/relative-time.tsx';
import { linkClass } from '@/components/styles.ts';
import { revealControls } from '@/lib/reveal-controls.ts';
import { fsQueries, type AllocFileInfo, type FsScope } from '../lib/fs-api.ts';
import { formatBytes } from '../lib/format-bytes.ts';

type SortKey = 'name' | 'size' | 'modified';

function sorted(entries: AllocFileInfo[], key: SortKey, desc: boolean): AllocFileInfo[] {
  const dir = desc ? -1 : 1;
  return [...entries].sort((a, b) => {
    if (a.IsDir !== b.IsDir) return a.IsDir ? -1 : 1; // directories first, whatever the order
    const cmp =
      key === 'size'
        ? a.Size - b.Size
        : key === 'modified'
          ? Date.parse(a.ModTime) - Date.parse(b.ModTime)
          : a.Name.localeCompare(b.Name);
    return cmp * dir || a.Name.localeCompare(b.Name);
  });
}

const join = (dir: string, name: string) => (dir ? `${dir.replace(/\/$/, '')}/${name}` : name);

interface DirectoryTableProps {
  scope: FsScope;
  path: string;
  hrefFor(path: string): string;
  logHrefFor(task: string, type: 'stdout' | 'stderr'): string;
}

/** `web.stdout.3` in alloc/logs → the task and stream it belongs to. */
function logFileOf(dir: string, name: string): { task: string; type: 'stdout' | 'stderr' } | undefined {
  if (dir.replace(/\/$/, '') !== 'alloc/logs') return undefined;
  const m = /^(.+)\.(stdout|stderr)\.\d+$/.exec(name);
  return m ? { task: m[1]!, type: m[2] as 'stdout' | 'stderr' } : undefined;
}

export function DirectoryTable({ scope, path, hrefFor, logHrefFor }: DirectoryTableProps) {
  const ls = useQuery(fsQueries.ls(scope, path));
  const [params, setParams] = useSearchParams();
  const key = (['size', 'modified'].includes(params.get('sort') ?? '') ? params.get('sort') : 'name') as SortKey;
  const desc = params.get('order') === 'desc';
  if (ls.error)
    return <ErrorAlert title="Could not list this directory" error={ls.error} onRetry={() => void ls.refetch()} />;
  if (!ls.data) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>;
  if (ls.data.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
        This directory is empty.
      </p>
    );
  }
  const setSort = (k: SortKey) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        const nextDesc = k === key ? !desc : k !== 'name';
        if (k === 'name') next.delete('sort');
        else next.set('sort', k);
        if (nextDesc) next.set('order', 'desc');
        else next.delete('order');
        return next;
      },
      { replace: true },
    );
  const header = (k: SortKey, label: string, align = 'text-left') => (
    <th
      scope="col"
      className={`px-3 py-2 font-medium ${align}`}
      aria-sort={key === k ? (desc ? 'descending' : 'ascending') : 'none'}
    >
      <button type="button" onClick={() => setSort(k)} className="hover:underline">
        {label}
        {key === k ? (desc ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  );
  return (
    <table className="w-full overflow-hidden rounded-md border border-zinc-200 text-sm dark:border-zinc-800">
      <thead className="bg-zinc-50 text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
        <tr>
          {header('name', 'Name')}
          {header('size', 'Size', 'text-right')}
          {header('modified', 'Modified')}
          <th scope="col" className="px-3 py-2 text-left font-medium">
            Mode
          </th>
        </tr>
      </thead>
      <tbody>
        {sorted(ls.data, key, desc).map((e) => (
          <tr key={e.Name} className="border-t border-zinc-200 dark:border-zinc-800">
            <td className="px-3 py-1.5 font-mono">
              <Link to={hrefFor(join(path, e.Name))} className={linkClass}>
                {revealControls(e.IsDir ? `${e.Name}/` : e.Name)}
              </Link>
              {logFileOf(path, e.Name) && (
                <Link
                  to={logHrefFor(logFileOf(path, e.Name)!.task, logFileOf(path, e.Name)!.type)}
                  className={`${linkClass} ml-3 font-sans text-xs`}
                >
                  live log
                </Link>
              )}
            </td>
            <td className="px-3 py-1.5 text-right tabular-nums" title={`${e.Size.toLocaleString()} bytes`}>
              {e.IsDir ? '—' : formatBytes(e.Size)}
            </td>
            <td className="px-3 py-1.5">
              <RelativeTime ms={Date.parse(e.ModTime)} />
            </td>
            <td className="px-3 py-1.5 font-mono text-xs text-zinc-500">{e.FileMode}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
