import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { aclQueries } from '../api/acl-queries.ts';

/** A policy name that unfolds to its rules, fetched only when opened. */
export function PolicyRules({ name }: { name: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="group" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer font-mono text-sm">{name}</summary>
      {open && <Rules name={name} />}
    </details>
  );
}

function Rules({ name }: { name: string }) {
  const policy = useQuery(aclQueries.policy(name));
  if (policy.isPending) return <p className="mt-2 text-xs text-zinc-500">Loading rules…</p>;
  if (policy.error) {
    // Inline, not an alert: reading rules is optional, and a client token may not be allowed to.
    return <p className="mt-2 text-xs text-amber-700 dark:text-amber-300">Rules unavailable: {policy.error.message}</p>;
  }
  return (
    <div className="mt-2">
      {policy.data.Description && (
        <p className="mb-1 text-xs text-zinc-600 dark:text-zinc-400">{policy.data.Description}</p>
      )}
      <pre className="max-h-80 overflow-auto rounded-md bg-zinc-100 p-3 font-mono text-xs whitespace-pre-wrap dark:bg-zinc-950">
        {policy.data.Rules || '(no rules)'}
      </pre>
    </div>
  );
}
