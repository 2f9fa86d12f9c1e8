import type { JobListStub, JobStatus, JobType } from '@/lib/nomad/types.ts';

export const JOB_TYPES: readonly JobType[] = ['service', 'batch', 'system', 'sysbatch'];
export const JOB_STATUSES: readonly JobStatus[] = ['pending', 'running', 'dead'];

export interface JobFilters {
  /** Case-insensitive text matched against ID, name and namespace. */
  q: string;
  type: JobType | '';
  status: JobStatus | '';
}

export const NO_FILTERS: JobFilters = { q: '', type: '', status: '' };

/** Filters from the URL; unknown values are ignored rather than matching nothing. */
export function parseJobFilters(search: URLSearchParams): JobFilters {
  const type = search.get('type') ?? '';
  const status = search.get('status') ?? '';
  return {
    q: search.get('q') ?? '',
    type: (JOB_TYPES as readonly string[]).includes(type) ? (type as JobType) : '',
    status: (JOB_STATUSES as readonly string[]).includes(status) ? (status as JobStatus) : '',
  };
}

export function hasFilters(f: JobFilters): boolean {
  return f.q.trim() !== '' || f.type !== '' || f.status !== '';
}

export function filterJobs(jobs: readonly JobListStub[], f: JobFilters): JobListStub[] {
  const needle = f.q.trim().toLowerCase();
  return jobs.filter(
    (job) =>
      (f.type === '' || job.Type === f.type) &&
      (f.status === '' || job.Status === f.status) &&
      (needle === '' ||
        job.ID.toLowerCase().includes(needle) ||
        job.Name.toLowerCase().includes(needle) ||
        (job.Namespace ?? '').toLowerCase().includes(needle)),
  );
}

export interface AllocCounts {
  running: number;
  starting: number;
  queued: number;
  failed: number;
  lost: number;
  unknown: number;
  complete: number;
}

/** Adds up the per-task-group summary Nomad sends with each job. */
export function countAllocs(job: JobListStub): AllocCounts {
  const total: AllocCounts = { running: 0, starting: 0, queued: 0, failed: 0, lost: 0, unknown: 0, complete: 0 };
  for (const g of Object.values(job.JobSummary?.Summary ?? {})) {
    total.running += g.Running;
    total.starting += g.Starting;
    total.queued += g.Queued;
    total.failed += g.Failed;
    total.lost += g.Lost;
    total.unknown += g.Unknown;
    total.complete += g.Complete;
  }
  return total;
}

/** Periodic and parameterized parents never run allocations themselves; their children do. */
export function isParentJob(job: JobListStub): boolean {
  return job.Periodic || job.ParameterizedJob;
}
