import { useState } from 'react';
import { controlClass } from '@/components/styles.ts';
import type { Node } from '@/lib/nomad/types.ts';

/** Drivers with their health, then every attribute, filterable (nodes have a few hundred). */
export function NodeDrivers({ node }: { node: Node }) {
  const drivers = Object.entries(node.Drivers ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (drivers.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No drivers reported.</p>;
  return (
    <ul className="grid gap-2 text-sm sm:grid-cols-2">
      {drivers.map(([name, d]) => (
        <li key={name} className="rounded-lg border border-zinc-200 p-2 dark:border-zinc-800">
          <span className="font-mono font-medium">{name}</span>{' '}
          <span className={d.Healthy ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}>
            {!d.Detected ? 'not detected' : d.Healthy ? 'healthy' : 'unhealthy'}
          </span>
          {d.HealthDescription && <div className="text-xs text-zinc-600 dark:text-zinc-400">{d.HealthDescription}</div>}
        </li>
      ))}
    </ul>
  );
}

export function NodeAttributes({ node }: { node: Node }) {
  const [q, setQ] = useState('');
  const needle = q.trim().toLowerCase();
  const rows = Object.entries(node.Attributes ?? {})
    .filter(([k, v]) => !needle || k.toLowerCase().includes(needle) || v.toLowerCase().includes(needle))
    .sort(([a], [b]) => a.localeCompare(b));
  return (
    <div>
      <input
        type="search"
        aria-label="Filter attributes"
        placeholder="Filter attributes"
        className={`${controlClass} mb-2 w-64`}
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <dl className="max-h-80 overflow-auto text-sm">
        {rows.map(([k, v]) => (
          <div
            key={k}
            className="grid grid-cols-[minmax(10rem,1fr)_2fr] gap-3 border-b border-zinc-100 py-1 dark:border-zinc-800"
          >
            <dt className="truncate font-mono text-xs text-zinc-600 dark:text-zinc-400" title={k}>
              {k}
            </dt>
            <dd className="font-mono text-xs break-all">{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
