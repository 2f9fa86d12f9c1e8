import { apiPath } from '@/lib/nomad/http.ts';
import { blockingQueryOptions } from '@/lib/nomad/blocking-query.ts';
import type { Deployment, Evaluation, Job, JobListStub, JobSummary } from '@/lib/nomad/types.ts';

/** Prefixes for invalidation: `jobKeys.all` covers every job query. */
export const jobKeys = {
  all: ['jobs'] as const,
  lists: () => [...jobKeys.all, 'list'] as const,
  details: () => [...jobKeys.all, 'detail'] as const,
};

export interface JobListScope {
  /** A namespace name or `*`. */
  namespace: string;
  region: string | undefined;
}

export const jobQueries = {
  /** Live job list of a namespace (or all, with `*`). Nomad answers `[]` when there are none. */
  list: ({ namespace, region }: JobListScope) =>
    blockingQueryOptions<JobListStub[]>({ key: jobKeys.lists(), path: '/v1/jobs', namespace, region }),

  /** One live job; `namespace` is the job's own (never `*`). */
  detail: ({ namespace, region, id }: JobListScope & { id: string }) =>
    blockingQueryOptions<Job>({ key: jobKeys.details(), path: apiPath`/v1/job/${id}`, namespace, region }),
};

/** What the job page reads besides the job itself: all live, all in the job's namespace. */
export const jobPartQueries = {
  summary: ({ namespace, region, id }: JobListScope & { id: string }) =>
    blockingQueryOptions<JobSummary>({
      key: [...jobKeys.details(), 'summary'],
      path: apiPath`/v1/job/${id}/summary`,
      namespace,
      region,
    }),
  deployments: ({ namespace, region, id }: JobListScope & { id: string }) =>
    blockingQueryOptions<Deployment[]>({
      key: [...jobKeys.details(), 'deployments'],
      path: apiPath`/v1/job/${id}/deployments`,
      namespace,
      region,
    }),
  evaluations: ({ namespace, region, id }: JobListScope & { id: string }) =>
    blockingQueryOptions<Evaluation[]>({
      key: [...jobKeys.details(), 'evaluations'],
      path: apiPath`/v1/job/${id}/evaluations`,
      namespace,
      region,
    }),
};
