import { useId } from 'react';
import { buttonClass, controlClass } from '@/components/styles.ts';
import type { JobStatus, JobType } from '@/lib/nomad/types.ts';
import { hasFilters, JOB_STATUSES, JOB_TYPES, NO_FILTERS, type JobFilters } from '../lib/job-filters.ts';

interface JobsToolbarProps {
  filters: JobFilters;
  onChange: (patch: Partial<JobFilters>) => void;
  shown: number;
  total: number;
}

export function JobsToolbar({ filters, onChange, shown, total }: JobsToolbarProps) {
  const id = useId();
  return (
    <div className="mb-3 flex flex-wrap items-end gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-q`} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Filter jobs
        </label>
        <input
          id={`${id}-q`}
          type="search"
          placeholder="ID, name or namespace"
          className={`${controlClass} h-9 w-64`}
          value={filters.q}
          onChange={(e) => onChange({ q: e.target.value })}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-type`} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Type
        </label>
        <select
          id={`${id}-type`}
          className={`${controlClass} h-9`}
          value={filters.type}
          onChange={(e) => onChange({ type: e.target.value as JobType | '' })}
        >
          <option value="">All types</option>
          {JOB_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-status`} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Status
        </label>
        <select
          id={`${id}-status`}
          className={`${controlClass} h-9`}
          value={filters.status}
          onChange={(e) => onChange({ status: e.target.value as JobStatus | '' })}
        >
          <option value="">All statuses</option>
          {JOB_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      {hasFilters(filters) && (
        <button type="button" className={buttonClass} onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </button>
      )}
      <p className="ml-auto pb-1.5 text-xs text-zinc-600 tabular-nums dark:text-zinc-400" aria-live="polite">
        {shown === total ? `${total} ${total === 1 ? 'job' : 'jobs'}` : `${shown} of ${total} jobs`}
      </p>
    </div>
  );
}
