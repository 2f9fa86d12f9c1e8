import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { controlClass } from '@/components/styles.ts';
import { clusterQueries } from '../api/cluster-queries.ts';

interface RegionPickerProps {
  /** Undefined: the agent's own region. */
  value: string | undefined;
  onChange: (region: string | undefined) => void;
}

/** Shown only for federated clusters, like Nomad's own UI: one region needs no picker. */
export function RegionPicker({ value, onChange }: RegionPickerProps) {
  const id = useId();
  const regions = useQuery(clusterQueries.regions());
  const agent = useQuery(clusterQueries.agentSelf());
  const list = regions.data ?? [];
  if (list.length <= 1) return null;
  const home = agent.data?.config.Region;
  const current = value ?? home ?? '';

  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        Region
      </label>
      <select
        id={id}
        className={`${controlClass} h-8 py-1`}
        value={current}
        onChange={(e) => onChange(e.target.value === home ? undefined : e.target.value)}
      >
        {!list.includes(current) && <option value={current}>{current || 'agent region'}</option>}
        {list.map((r) => (
          <option key={r} value={r}>
            {r}
            {r === home ? ' (agent)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
}
