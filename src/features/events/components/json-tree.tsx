import { useState } from 'react';

interface JsonTreeProps {
  value: unknown;
  /** Name shown for the root node (e.g. "Payload"). */
  label?: string;
  /** Nodes shallower than this start expanded; 1 opens the root only. Default 1. */
  defaultExpandDepth?: number;
}

/** Children shown per page of a big object or array. */
export const JSON_TREE_PAGE = 100;
/** Strings longer than this are cut, with a "show all" toggle. */
export const JSON_TREE_STRING_LIMIT = 200;

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

const toggleClass =
  'inline-flex items-baseline gap-1 rounded px-0.5 text-left hover:bg-zinc-100 focus-visible:outline-2 ' +
  'focus-visible:outline-teal-600 dark:hover:bg-zinc-800 dark:focus-visible:outline-teal-400';
const moreClass = 'ml-1 rounded px-1 text-xs font-medium text-teal-700 hover:underline dark:text-teal-300';
const keyClass = 'text-zinc-700 dark:text-zinc-300';

/**
 * A collapsible view of a JSON value. Every value is rendered as React text (never HTML);
 * children are rendered only once their parent is open, and big containers page their
 * children, so a large payload costs only what is on screen.
 */
export function JsonTree({ value, label, defaultExpandDepth = 1 }: JsonTreeProps) {
  return (
    <div className="overflow-x-auto font-mono text-xs leading-5 text-zinc-800 dark:text-zinc-200">
      <ul>
        <JsonNode name={label} value={value} depth={0} expandDepth={defaultExpandDepth} />
      </ul>
    </div>
  );
}

interface NodeProps {
  name: string | undefined;
  value: unknown;
  depth: number;
  expandDepth: number;
}

function JsonNode({ name, value, depth, expandDepth }: NodeProps) {
  const [open, setOpen] = useState(depth < expandDepth);
  const [shown, setShown] = useState(JSON_TREE_PAGE);
  const nameEl = name !== undefined && <span className={keyClass}>{name}:</span>;

  if (!isContainer(value) || Object.keys(value).length === 0) {
    return (
      <li className="pl-4">
        {nameEl} <Scalar value={value} />
      </li>
    );
  }

  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const count = `${entries.length} ${isArray ? 'item' : 'key'}${entries.length === 1 ? '' : 's'}`;
  const remaining = entries.length - shown;
  return (
    <li className="pl-4">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} className={`-ml-4 ${toggleClass}`}>
        <span aria-hidden="true" className="inline-block w-3 text-zinc-400">
          {open ? '▾' : '▸'}
        </span>
        {nameEl}
        <span className="text-zinc-500 dark:text-zinc-400">
          {isArray ? '[…]' : '{…}'} {count}
        </span>
      </button>
      {open && (
        <ul className="border-l border-zinc-200 dark:border-zinc-800">
          {entries.slice(0, shown).map(([k, v]) => (
            <JsonNode key={k} name={k} value={v} depth={depth + 1} expandDepth={expandDepth} />
          ))}
          {remaining > 0 && (
            <li className="pl-4">
              <button type="button" className={moreClass} onClick={() => setShown(shown + JSON_TREE_PAGE)}>
                Show {Math.min(remaining, JSON_TREE_PAGE)} more ({remaining} not shown)
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="text-zinc-500 italic dark:text-zinc-400">null</span>;
  if (Array.isArray(value)) return <span className="text-zinc-500 dark:text-zinc-400">[]</span>;
  if (typeof value === 'object') return <span className="text-zinc-500 dark:text-zinc-400">{'{}'}</span>;
  if (typeof value === 'string') return <StringValue value={value} />;
  if (typeof value === 'number' || typeof value === 'bigint') {
    return <span className="text-sky-700 dark:text-sky-300">{String(value)}</span>;
  }
  if (typeof value === 'boolean') return <span className="text-violet-700 dark:text-violet-300">{String(value)}</span>;
  return <span className="text-zinc-500 dark:text-zinc-400">{String(value)}</span>;
}

function StringValue({ value }: { value: string }) {
  const [all, setAll] = useState(false);
  const long = value.length > JSON_TREE_STRING_LIMIT;
  const text = long && !all ? `${value.slice(0, JSON_TREE_STRING_LIMIT)}…` : value;
  return (
    <>
      {/* pre-wrap keeps multi-line strings (ACL policy Rules) readable; React renders it as text. */}
      <span className="break-all whitespace-pre-wrap text-emerald-700 dark:text-emerald-300">&quot;{text}&quot;</span>
      {long && (
        <button type="button" className={moreClass} aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'show less' : `show all ${value.length} characters`}
        </button>
      )}
    </>
  );
}
