import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { controlClass } from '@/components/styles.ts';
import { ALL_NAMESPACES, DEFAULT_NAMESPACE } from '@/lib/nomad/namespace.ts';
import { clusterQueries } from '../api/cluster-queries.ts';

interface NamespacePickerProps {
  value: string;
  region: string | undefined;
  onChange: (namespace: string) => void;
}

/**
 * Namespace selector fed by `/v1/namespaces` (live). Tokens that may not list namespaces
 * still get `default`, "All namespaces" and whatever the URL asked for.
 */
export function NamespacePicker({ value, region, onChange }: NamespacePickerProps) {
  const id = useId();
  const namespaces = useQuery(clusterQueries.namespaces(region));
  const names = new Set((namespaces.data ?? []).map((n) => n.Name));
  names.add(DEFAULT_NAMESPACE);
  if (value !== ALL_NAMESPACES) names.add(value);
  const sorted = [...names].sort((a, b) =>
    a === DEFAULT_NAMESPACE ? -1 : b === DEFAULT_NAMESPACE ? 1 : a.localeCompare(b),
  );

  return (
    <div
      className="flex items-center gap-2"
      title={namespaces.error ? `Namespaces unavailable: ${namespaces.error.message}` : undefined}
    >
      <label htmlFor={id} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Namespace
      </label>
      <select id={id} className={`${controlClass} h-8 py-1`} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value={ALL_NAMESPACES}>All namespaces</option>
        {sorted.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
