/**
 * Read-side views of stored rows: list stubs (JobListStub, NodeListStub, AllocListStub),
 * the Node encoding extension, and the derived job summary and job status, computed the
 * way Nomad's state store does.
 */
import type {
  AllocClientStatus,
  AllocListStub,
  JobStatus,
  NodeListStub,
  TaskGroupSummary,
} from '../../src/lib/nomad/types.ts';
import { isParentJob } from './build-job.ts';
import type { AllocationWire, EvaluationWire, JobSummaryWire, JobWire, NodeRecord, NodeWire } from './wire.ts';

/** Nomad's encoding extension: `Drain` is true when a drain strategy is set; SecretID never leaves. */
export function nodeView(node: NodeRecord): NodeWire {
  return { ...node, Drain: node.DrainStrategy !== null };
}

export interface NodeStubFields {
  resources?: boolean | undefined;
  os?: boolean | undefined;
}

export function nodeStub(node: NodeRecord, fields: NodeStubFields = {}): NodeListStub & Record<string, unknown> {
  return {
    Address: node.HTTPAddr.replace(/:\d+$/, ''),
    // omitempty fields of structs.NodeListStub, present only when asked for.
    Attributes: fields.os ? { 'os.name': node.Attributes?.['os.name'] ?? '' } : undefined,
    CreateIndex: node.CreateIndex,
    Datacenter: node.Datacenter,
    Drain: node.DrainStrategy !== null,
    Drivers: node.Drivers,
    HostVolumes: node.HostVolumes,
    ID: node.ID,
    LastDrain: node.LastDrain,
    ModifyIndex: node.ModifyIndex,
    Name: node.Name,
    NodeClass: node.NodeClass,
    NodePool: node.NodePool,
    NodeResources: fields.resources ? node.NodeResources : undefined,
    ReservedResources: fields.resources ? node.ReservedResources : undefined,
    SchedulingEligibility: node.SchedulingEligibility,
    Status: node.Status,
    StatusDescription: node.StatusDescription,
    Version: node.Attributes?.['nomad.version'] ?? '',
  };
}

export function jobStub(job: JobWire, summary: JobSummaryWire | undefined, withMeta: boolean) {
  const meta = withMeta && job.Meta && Object.keys(job.Meta).length > 0 ? job.Meta : undefined;
  return {
    CreateIndex: job.CreateIndex,
    Datacenters: job.Datacenters,
    ID: job.ID,
    JobModifyIndex: job.JobModifyIndex,
    JobSummary: summary ?? null,
    Meta: meta,
    ModifyIndex: job.ModifyIndex,
    Multiregion: job.Multiregion,
    Name: job.Name,
    Namespace: job.Namespace === '' ? undefined : job.Namespace,
    NodePool: job.NodePool,
    ParameterizedJob: job.ParameterizedJob !== null && !job.Dispatched,
    ParentID: job.ParentID,
    Periodic: job.Periodic !== null && job.Periodic.Enabled,
    Priority: job.Priority,
    Status: job.Status,
    StatusDescription: job.StatusDescription,
    Stop: job.Stop,
    SubmitTime: job.SubmitTime,
    Type: job.Type,
  };
}

export interface AllocStubFields {
  resources?: boolean | undefined;
  taskStates?: boolean | undefined;
}

export function allocStub(alloc: AllocationWire, fields: AllocStubFields = {}): AllocListStub {
  return {
    AllocatedResources: fields.resources ? alloc.AllocatedResources : undefined,
    ClientDescription: alloc.ClientDescription,
    ClientStatus: alloc.ClientStatus,
    CreateIndex: alloc.CreateIndex,
    CreateTime: alloc.CreateTime,
    DeploymentStatus: alloc.DeploymentStatus,
    DesiredDescription: alloc.DesiredDescription,
    DesiredStatus: alloc.DesiredStatus,
    DesiredTransition: alloc.DesiredTransition,
    EvalID: alloc.EvalID,
    FollowupEvalID: alloc.FollowupEvalID,
    ID: alloc.ID,
    JobID: alloc.JobID,
    JobType: alloc.Job.Type,
    JobVersion: alloc.Job.Version,
    ModifyIndex: alloc.ModifyIndex,
    ModifyTime: alloc.ModifyTime,
    Name: alloc.Name,
    Namespace: alloc.Namespace,
    NextAllocation: alloc.NextAllocation,
    NodeID: alloc.NodeID,
    NodeName: alloc.NodeName,
    PreemptedAllocations: alloc.PreemptedAllocations,
    PreemptedByAllocation: alloc.PreemptedByAllocation,
    RescheduleTracker: alloc.RescheduleTracker,
    TaskGroup: alloc.TaskGroup,
    TaskStates: fields.taskStates === false ? null : alloc.TaskStates,
  };
}

export function isTerminalClient(status: AllocClientStatus): boolean {
  return status === 'complete' || status === 'failed' || status === 'lost';
}

export function isTerminalAlloc(alloc: Pick<AllocationWire, 'ClientStatus' | 'DesiredStatus'>): boolean {
  return alloc.DesiredStatus !== 'run' || isTerminalClient(alloc.ClientStatus);
}

const SUMMARY_FIELD: Record<AllocClientStatus, keyof TaskGroupSummary> = {
  pending: 'Starting',
  running: 'Running',
  complete: 'Complete',
  failed: 'Failed',
  lost: 'Lost',
  unknown: 'Unknown',
};

function emptyGroupSummary(): TaskGroupSummary {
  return { Complete: 0, Failed: 0, Lost: 0, Queued: 0, Running: 0, Starting: 0, Unknown: 0 };
}

/**
 * The job summary as the state store maintains it: one counter per client status per
 * task group over the job's allocations, `Queued` from the last scheduling pass, and the
 * children counters of a periodic or parameterized parent.
 */
export function computeSummary(
  job: JobWire,
  allocs: readonly AllocationWire[],
  children: readonly JobWire[],
  previous: JobSummaryWire | undefined,
  index: number,
): JobSummaryWire {
  const summary: Record<string, TaskGroupSummary> = {};
  for (const tg of job.TaskGroups ?? []) {
    summary[tg.Name] = { ...emptyGroupSummary(), Queued: previous?.Summary[tg.Name]?.Queued ?? 0 };
  }
  for (const alloc of allocs) {
    const group = (summary[alloc.TaskGroup] ??= emptyGroupSummary());
    group[SUMMARY_FIELD[alloc.ClientStatus]]++;
  }
  const kids = { Dead: 0, Pending: 0, Running: 0 };
  for (const child of children) {
    if (child.Status === 'dead') kids.Dead++;
    else if (child.Status === 'running') kids.Running++;
    else kids.Pending++;
  }
  return {
    Children: kids,
    CreateIndex: previous?.CreateIndex ?? index,
    JobID: job.ID,
    ModifyIndex: index,
    Namespace: job.Namespace,
    Summary: summary,
  };
}

/** `getJobStatus` from nomad/state/state_store.go. */
export function deriveJobStatus(
  job: JobWire,
  allocs: readonly AllocationWire[],
  evals: readonly EvaluationWire[],
): JobStatus {
  if (job.Type === 'system' || isParentJob(job)) return job.Stop ? 'dead' : 'running';
  if (allocs.some((a) => !isTerminalAlloc(a))) return 'running';
  if (evals.some((e) => e.Status === 'pending' || e.Status === 'blocked')) return 'pending';
  if (allocs.length > 0 || evals.length > 0) return 'dead';
  return 'pending';
}
