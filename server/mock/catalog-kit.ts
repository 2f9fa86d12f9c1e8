/**
 * The vocabulary of the seed catalog: plans for nodes and jobs (with the story of their
 * allocations), plus small builders that keep the catalog readable. Node references are
 * indexes into NODE_PLANS; times are minutes relative to the cluster's start.
 */
import type { AllocClientStatus, AllocDesiredStatus } from '../../src/lib/nomad/types.ts';
import type { GroupSpec, JobSpec, TaskSpec } from './build-job.ts';
import type { TaskScenario } from './task-events.ts';
import type { DeploymentWire } from './wire.ts';

export interface NodePlan {
  name: string;
  datacenter: 'dc1' | 'dc2';
  ip: string;
  nodeClass: string;
  status: 'ready' | 'down';
  eligibility: 'eligible' | 'ineligible';
  cores: number;
  memoryMB: number;
  drivers: string[];
  meta: Record<string, string>;
}

export interface AllocPlan {
  group: string;
  ordinal: number;
  node: number;
  status: AllocClientStatus;
  desired?: AllocDesiredStatus;
  desiredDescription?: string;
  tasks: TaskScenario;
  /** Created this many minutes after the job version was submitted. */
  afterMin: number;
  /** Terminal allocations: how long they lived, in minutes. */
  livedMin?: number;
  /** Index (in this job's list) of the allocation this one replaced. */
  replaces?: number;
  healthy?: boolean | null;
  /** Placed for the previous job version. */
  previousVersion?: boolean;
}

export interface JobPlan {
  spec: JobSpec;
  version: number;
  submittedMinAgo: number;
  allocs: AllocPlan[];
  deployment?: { status: DeploymentWire['Status']; description: string };
  queued?: Record<string, number>;
  stop?: boolean;
  /** Periodic launches (minutes ago are computed from the cron spec) or dispatches. */
  children?: ChildPlan[];
}

export interface ChildPlan {
  /** Launched this many whole days before the most recent 02:00 UTC (periodic), or minutes ago (dispatch). */
  launchedAgo: number;
  allocs: AllocPlan[];
  meta?: Record<string, string>;
  payload?: string;
}

export const docker = (
  name: string,
  image: string,
  cpu: number,
  memoryMB: number,
  extra: Partial<TaskSpec> = {},
): TaskSpec => ({
  name,
  driver: 'docker',
  cpu,
  memoryMB,
  ...extra,
  config: { image, ...(extra.config ?? {}) },
});

export const group = (name: string, count: number, tasks: TaskSpec[], extra: Partial<GroupSpec> = {}): GroupSpec => ({
  name,
  count,
  tasks,
  ...extra,
});

export const STOPPED_FOR_UPDATE = 'alloc is being updated due to job update';
export const NOT_NEEDED = 'alloc not needed due to job update';
export const LOST = 'alloc is lost since its node is down';
export const RESCHEDULED = 'alloc was rescheduled because it failed';
