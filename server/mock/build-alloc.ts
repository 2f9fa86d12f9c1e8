/**
 * Builds allocations, evaluations and deployments in Nomad's full wire shape.
 */
import type { AllocClientStatus, AllocDesiredStatus, JobType } from '../../src/lib/nomad/types.ts';
import { rfc3339Nano, unixNano } from '../http/go-time.ts';
import { buildTaskState, type TaskScenario } from './task-events.ts';
import type { AllocationWire, AllocMetricWire, DeploymentWire, EvaluationWire, JobWire, NodeRecord } from './wire.ts';

export const CLIENT_DESCRIPTIONS: Record<AllocClientStatus, string> = {
  pending: 'No tasks have started',
  running: 'Tasks are running',
  complete: 'All tasks have completed',
  failed: 'Failed tasks',
  lost: 'alloc is lost since its node is down',
  unknown: 'alloc is unknown since its node is disconnected',
};

export interface AllocSpec {
  id: string;
  evalId: string;
  job: JobWire;
  group: string;
  /** The `[n]` in `job.group[n]`. */
  ordinal: number;
  node: NodeRecord;
  clientStatus: AllocClientStatus;
  desiredStatus: AllocDesiredStatus;
  desiredDescription?: string;
  tasks: TaskScenario;
  createMs: number;
  modifyMs: number;
  createIndex: number;
  modifyIndex: number;
  deploymentId?: string;
  health?: { healthy: boolean | null; canary: boolean; atMs: number };
  previousAllocation?: string;
  nextAllocation?: string;
  followupEvalId?: string;
  nodesEvaluated: number;
}

export function allocMetric(nodesEvaluated: number, datacenterCounts: Record<string, number>): AllocMetricWire {
  return {
    AllocationTime: 81_245,
    ClassExhausted: null,
    ClassFiltered: null,
    CoalescedFailures: 0,
    ConstraintFiltered: null,
    DimensionExhausted: null,
    NodesAvailable: datacenterCounts,
    NodesEvaluated: nodesEvaluated,
    NodesExhausted: 0,
    NodesFiltered: 0,
    NodesInPool: nodesEvaluated,
    QuotaExhausted: null,
    ResourcesExhausted: null,
    ScoreMetaData: null,
    Scores: null,
  };
}

export function buildAlloc(spec: AllocSpec): AllocationWire {
  const group = spec.job.TaskGroups?.find((g) => g.Name === spec.group);
  if (!group) throw new Error(`job ${spec.job.ID} has no group ${spec.group}`);
  const tasks: AllocationWire['AllocatedResources']['Tasks'] = {};
  const lifecycles: Record<string, null> = {};
  const states: NonNullable<AllocationWire['TaskStates']> = {};
  for (const task of group.Tasks) {
    tasks[task.Name] = {
      Cpu: { CpuShares: task.Resources.CPU, ReservedCores: null },
      Devices: null,
      Memory: { MemoryMB: task.Resources.MemoryMB, MemoryMaxMB: task.Resources.MemoryMaxMB },
      Networks: null,
    };
    lifecycles[task.Name] = null;
    states[task.Name] = buildTaskState(spec.tasks, spec.createMs, task.Driver, spec.modifyMs);
  }
  return {
    AllocModifyIndex: spec.createIndex,
    AllocStates: null,
    AllocatedResources: {
      Shared: { DiskMB: group.EphemeralDisk.SizeMB, Networks: null, Ports: null },
      TaskLifecycles: lifecycles,
      Tasks: tasks,
    },
    ClientDescription: CLIENT_DESCRIPTIONS[spec.clientStatus],
    ClientStatus: spec.clientStatus,
    CreateIndex: spec.createIndex,
    CreateTime: unixNano(spec.createMs),
    DeploymentID: spec.deploymentId ?? '',
    DeploymentStatus: spec.health
      ? {
          Canary: spec.health.canary,
          Healthy: spec.health.healthy,
          ModifyIndex: spec.modifyIndex,
          Timestamp: rfc3339Nano(spec.health.atMs),
        }
      : null,
    DesiredDescription: spec.desiredDescription ?? '',
    DesiredStatus: spec.desiredStatus,
    DesiredTransition: { ForceReschedule: null, Migrate: null, NoShutdownDelay: null, Reschedule: null },
    EvalID: spec.evalId,
    FollowupEvalID: spec.followupEvalId ?? '',
    ID: spec.id,
    Job: spec.job,
    JobID: spec.job.ID,
    Metrics: allocMetric(spec.nodesEvaluated, { [spec.node.Datacenter]: spec.nodesEvaluated }),
    ModifyIndex: spec.modifyIndex,
    ModifyTime: unixNano(spec.modifyMs),
    Name: `${spec.job.ID}.${spec.group}[${spec.ordinal}]`,
    Namespace: spec.job.Namespace,
    NetworkStatus: null,
    NextAllocation: spec.nextAllocation ?? '',
    NodeID: spec.node.ID,
    NodeName: spec.node.Name,
    PreemptedAllocations: null,
    PreemptedByAllocation: '',
    PreviousAllocation: spec.previousAllocation ?? '',
    RescheduleTracker: null,
    Resources: null,
    SharedResources: null,
    TaskGroup: spec.group,
    TaskResources: null,
    TaskStates: states,
  };
}

export interface EvalSpec {
  id: string;
  job: Pick<JobWire, 'ID' | 'Namespace' | 'Priority' | 'Type' | 'JobModifyIndex'>;
  triggeredBy: string;
  status: EvaluationWire['Status'];
  statusDescription?: string;
  createMs: number;
  modifyMs: number;
  createIndex: number;
  modifyIndex: number;
  deploymentId?: string;
  nodeId?: string;
  queued?: Record<string, number>;
  blockedEval?: string;
  previousEval?: string;
  failedTGAllocs?: EvaluationWire['FailedTGAllocs'];
}

export function buildEval(spec: EvalSpec): EvaluationWire {
  return {
    AnnotatePlan: false,
    BlockedEval: spec.blockedEval ?? '',
    ClassEligibility: null,
    CreateIndex: spec.createIndex,
    CreateTime: unixNano(spec.createMs),
    DeploymentID: spec.deploymentId ?? '',
    EscapedComputedClass: false,
    FailedTGAllocs: spec.failedTGAllocs ?? null,
    ID: spec.id,
    JobID: spec.job.ID,
    JobModifyIndex: spec.job.JobModifyIndex,
    ModifyIndex: spec.modifyIndex,
    ModifyTime: unixNano(spec.modifyMs),
    Namespace: spec.job.Namespace,
    NextEval: '',
    NodeID: spec.nodeId ?? '',
    NodeModifyIndex: 0,
    PreviousEval: spec.previousEval ?? '',
    Priority: spec.job.Priority,
    QueuedAllocations: spec.queued ?? null,
    QuotaLimitReached: '',
    RelatedEvals: null,
    SnapshotIndex: spec.status === 'complete' ? spec.createIndex : 0,
    Status: spec.status,
    StatusDescription: spec.statusDescription ?? '',
    TriggeredBy: spec.triggeredBy,
    Type: spec.job.Type as JobType,
    Wait: 0,
    WaitUntil: null,
  };
}

export interface DeploymentSpec {
  id: string;
  job: JobWire;
  status: DeploymentWire['Status'];
  statusDescription: string;
  groups: Record<string, { desired: number; placed: number; healthy: number; unhealthy: number }>;
  createMs: number;
  modifyMs: number;
  createIndex: number;
  modifyIndex: number;
}

export function buildDeployment(spec: DeploymentSpec): DeploymentWire {
  const groups: NonNullable<DeploymentWire['TaskGroups']> = {};
  for (const [name, g] of Object.entries(spec.groups)) {
    groups[name] = {
      AutoPromote: false,
      AutoRevert: false,
      DesiredCanaries: 0,
      DesiredTotal: g.desired,
      HealthyAllocs: g.healthy,
      PlacedAllocs: g.placed,
      PlacedCanaries: null,
      ProgressDeadline: 600_000_000_000,
      Promoted: false,
      RequireProgressBy: rfc3339Nano(spec.modifyMs + 600_000),
      UnhealthyAllocs: g.unhealthy,
    };
  }
  return {
    CreateIndex: spec.createIndex,
    CreateTime: unixNano(spec.createMs),
    EvalPriority: spec.job.Priority,
    ID: spec.id,
    IsMultiregion: false,
    JobCreateIndex: spec.job.CreateIndex,
    JobID: spec.job.ID,
    JobModifyIndex: spec.job.JobModifyIndex,
    JobSpecModifyIndex: spec.job.JobModifyIndex,
    JobVersion: spec.job.Version,
    ModifyIndex: spec.modifyIndex,
    ModifyTime: unixNano(spec.modifyMs),
    Namespace: spec.job.Namespace,
    Status: spec.status,
    StatusDescription: spec.statusDescription,
    TaskGroups: groups,
  };
}
