import type { NodeMetadata } from '@/lib/nomad/types.ts';

interface MetaTableProps {
  data: NodeMetadata;
  onEdit: (key: string, value: string) => void;
  onUnset: (key: string) => void;
  /** Why editing is not possible, if it is not. */
  disabledReason: string | undefined;
}

const th = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400';
const td = 'px-3 py-1.5 align-top font-mono text-xs break-all';
const none = <span className="text-zinc-400 dark:text-zinc-600">—</span>;

/** Static, Dynamic and effective Meta side by side, one row per key any of them has. */
export function MetaTable({ data, onEdit, onUnset, disabledReason }: MetaTableProps) {
  const st = data.Static ?? {};
  const dyn = data.Dynamic ?? {};
  const eff = data.Meta ?? {};
  const keys = [...new Set([...Object.keys(st), ...Object.keys(dyn), ...Object.keys(eff)])].sort();
  if (keys.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">This node has no metadata.</p>;
  const btn =
    'rounded px-1.5 py-0.5 text-xs font-medium text-teal-700 hover:bg-teal-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50 dark:text-teal-300 dark:hover:bg-teal-950';
  return (
    <div className="-mx-4 max-h-96 overflow-auto">
      <table className="w-full min-w-[40rem] border-collapse">
        <caption className="sr-only">Node metadata</caption>
        <thead className="sticky top-0 border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <tr>
            <th scope="col" className={`${th} pl-4`}>
              Key
            </th>
            <th scope="col" className={th}>
              Static (agent config)
            </th>
            <th scope="col" className={th}>
              Dynamic (API)
            </th>
            <th scope="col" className={th}>
              Effective Meta
            </th>
            <th scope="col" className={`${th} pr-4`}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {keys.map((k) => (
            <tr key={k}>
              <th scope="row" className={`${td} pl-4 text-left font-medium`}>
                {k}
              </th>
              <td className={td}>{k in st ? st[k] : none}</td>
              <td className={td}>
                {!(k in dyn) ? (
                  none
                ) : dyn[k] === null ? (
                  <span
                    className="text-amber-700 dark:text-amber-400"
                    title="The static key stays removed across agent restarts"
                  >
                    null (unset)
                  </span>
                ) : (
                  dyn[k]
                )}
              </td>
              <td className={td}>{k in eff ? eff[k] : none}</td>
              <td className={`${td} pr-4 font-sans whitespace-nowrap`}>
                <button
                  type="button"
                  className={btn}
                  aria-disabled={disabledReason ? true : undefined}
                  title={disabledReason}
                  aria-label={`Edit ${k}`}
                  onClick={() => !disabledReason && onEdit(k, eff[k] ?? '')}
                >
                  Edit
                </button>
                {(k in eff || k in dyn) && (
                  <button
                    type="button"
                    className={btn}
                    aria-disabled={disabledReason ? true : undefined}
                    title={disabledReason}
                    aria-label={`Unset ${k}`}
                    onClick={() => !disabledReason && onUnset(k)}
                  >
                    Unset
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
