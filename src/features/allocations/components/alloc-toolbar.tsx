import { useId } from 'react';
import { buttonClass, controlClass, labelClass } from '@/components/styles.ts';
import type { AllocClientStatus } from '@/lib/nomad/types.ts';
import { CLIENT_STATUSES, DEFAULT_FILTERS, hasAllocFilters, type AllocFilters } from '../lib/alloc-filters.ts';

interface AllocToolbarProps {
  filters: AllocFilters;
  onChange: (patch: Partial<AllocFilters>) => void;
  counts: Record<AllocClientStatus, number>;
  /** Choices for the job, node and task-group filters (from the data). */
  jobs: readonly string[];
  nodes: readonly { id: string; name: string }[];
  groups: readonly string[];
  /** Why the typed prefix cannot match anything, if it cannot. */
  prefixProblem: string | undefined;
  shown: number;
  total: number;
  /** Hide filters that make no sense where the table is embedded (the job page has no job filter). */
  hide?: readonly ('job' | 'node' | 'prefix')[];
}

function Select(props: {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className={labelClass}>
        {props.label}
      </label>
      <select
        id={id}
        className={`${controlClass} h-9 max-w-48`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">All</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function AllocToolbar(props: AllocToolbarProps) {
  const { filters, onChange, counts, hide = [] } = props;
  const id = useId();
  const toggle = (s: AllocClientStatus) =>
    onChange({ status: filters.status.includes(s) ? filters.status.filter((x) => x !== s) : [...filters.status, s] });
  const asOptions = (xs: readonly string[]) => xs.map((x) => ({ value: x, label: x }));
  return (
    <div className="mb-3 space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        {!hide.includes('prefix') && (
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-prefix`} className={labelClass}>
              Allocation ID prefix
            </label>
            <input
              id={`${id}-prefix`}
              type="search"
              spellCheck={false}
              autoComplete="off"
              placeholder="e.g. 3a13"
              aria-invalid={props.prefixProblem ? true : undefined}
              aria-describedby={props.prefixProblem ? `${id}-prefix-problem` : undefined}
              className={`${controlClass} h-9 w-48 font-mono`}
              value={filters.prefix}
              onChange={(e) => onChange({ prefix: e.target.value })}
            />
          </div>
        )}
        {!hide.includes('job') && (
          <Select
            label="Job"
            value={filters.job}
            options={asOptions(props.jobs)}
            onChange={(job) => onChange({ job })}
          />
        )}
        <Select
          label="Task group"
          value={filters.group}
          options={asOptions(props.groups)}
          onChange={(group) => onChange({ group })}
        />
        {!hide.includes('node') && (
          <Select
            label="Node"
            value={filters.node}
            options={props.nodes.map((n) => ({ value: n.id, label: n.name || n.id.slice(0, 8) }))}
            onChange={(node) => onChange({ node })}
          />
        )}
        {hasAllocFilters(filters) && (
          <button
            type="button"
            className={buttonClass}
            onClick={() => onChange({ ...DEFAULT_FILTERS, sort: filters.sort, desc: filters.desc })}
          >
            Clear filters
          </button>
        )}
        <p className="ml-auto pb-1.5 text-xs text-zinc-600 tabular-nums dark:text-zinc-400" aria-live="polite">
          {props.shown === props.total ? `${props.total} allocations` : `${props.shown} of ${props.total} allocations`}
        </p>
      </div>
      {props.prefixProblem && (
        <p id={`${id}-prefix-problem`} className="text-sm text-red-700 dark:text-red-400">
          {props.prefixProblem} Nothing was sent to Nomad.
        </p>
      )}
      <div role="group" aria-label="Client status" className="flex flex-wrap gap-1.5">
        {CLIENT_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={filters.status.includes(s)}
            onClick={() => toggle(s)}
            className="rounded-full border border-zinc-300 px-2.5 py-0.5 text-xs font-medium text-zinc-700 hover:bg-zinc-100 aria-pressed:border-teal-700 aria-pressed:bg-teal-700 aria-pressed:text-white dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-pressed:border-teal-500 dark:aria-pressed:bg-teal-600"
          >
            {s} <span className="tabular-nums opacity-80">{counts[s]}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
