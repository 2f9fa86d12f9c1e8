/**
 * Wire shapes the mock needs beyond `src/lib/nomad/types.ts`. Most extend a shared type
 * with fields Nomad sends that the dashboard does not read yet; candidates to move into
 * the shared file when the client needs them.
 */
import type {
  ACLPolicy,
  ACLRole,
  Allocation,
  Deployment,
  Evaluation,
  Job,
  JobSummary,
  Namespace,
  Node,
  Resources,
  Task,
  TaskEvent,
  TaskGroup,
  TaskState,
} from '../../src/lib/nomad/types.ts';

export interface NamespaceWire extends Namespace {
  ConsulConfiguration: null;
  VaultConfiguration: null;
}

export interface TaskEventWire extends TaskEvent {
  // Deprecated fields Nomad still sends next to `Details`.
  DiskLimit: number;
  DownloadError: string;
  DriverError: string;
  DriverMessage: string;
  FailedSibling: string;
  GenericSource: string;
  KillError: string;
  KillReason: string;
  KillTimeout: number;
  RestartReason: string;
  SetupError: string;
  StartDelay: number;
  TaskSignal: string;
  TaskSignalReason: string;
  ValidationError: string;
  VaultError: string;
}

export interface TaskStateWire extends Omit<TaskState, 'Events'> {
  Events: TaskEventWire[] | null;
  TaskHandle: null;
}

export interface TaskWire extends Omit<Task, 'Resources'> {
  Resources: Resources & { Devices: null; IOPS: number; NUMA: null; SecretsMB: number };
  Artifacts: null;
  Constraints: null;
  Affinities: null;
  Services: null;
  Templates: null;
  Vault: null;
  Identity: null;
  Identities: null;
  ShutdownDelay: number;
  KillSignal: string;
  DispatchPayload: { File: string } | null;
}

export interface TaskGroupWire extends Omit<TaskGroup, 'Tasks'> {
  Tasks: TaskWire[];
  Constraints: null;
  Affinities: null;
  Spreads: null;
  Networks: null;
  Services: null;
  Volumes: null;
  Scaling: null;
  Consul: { Cluster: string; Namespace: string; Partition: string } | null;
  EphemeralDisk: { Migrate: boolean; SizeMB: number; Sticky: boolean };
  RestartPolicy: { Attempts: number; Delay: number; Interval: number; Mode: string; RenderTemplates: boolean };
  ReschedulePolicy: {
    Attempts: number;
    Delay: number;
    DelayFunction: string;
    Interval: number;
    MaxDelay: number;
    Unlimited: boolean;
  } | null;
  Update: UpdateStrategyWire | null;
  Migrate: { HealthCheck: string; HealthyDeadline: number; MaxParallel: number; MinHealthyTime: number } | null;
  Disconnect: { LostAfter: number; Reconcile: string; Replace: boolean; StopOnClientAfter: number | null } | null;
  ShutdownDelay: number | null;
  StopAfterClientDisconnect: number | null;
  MaxClientDisconnect: number | null;
  PreventRescheduleOnLost: boolean;
}

export interface UpdateStrategyWire {
  AutoPromote: boolean;
  AutoRevert: boolean;
  Canary: number;
  HealthCheck: string;
  HealthyDeadline: number;
  MaxParallel: number;
  MinHealthyTime: number;
  ProgressDeadline: number;
  Stagger: number;
}

export interface JobWire extends Omit<Job, 'TaskGroups'> {
  TaskGroups: TaskGroupWire[] | null;
  Affinities: null;
  Constraints: null;
  ConsulNamespace: string;
  DispatchIdempotencyToken: string;
  Meta: Record<string, string> | null;
  Migrate: null;
  Multiregion: null;
  NomadTokenID: string;
  Reschedule: null;
  Spreads: null;
  UI: null;
  Update: UpdateStrategyWire;
  VaultNamespace: string;
  VersionTag: null;
}

export interface JobSummaryWire extends JobSummary {
  Children: { Dead: number; Pending: number; Running: number };
}

export interface NodeResourcesWire {
  Cpu: { CpuShares: number; TotalCpuCores: number; ReservableCpuCores: number[] };
  Devices: null;
  Disk: { DiskMB: number };
  MaxDynamicPort: number;
  Memory: { MemoryMB: number };
  MinDynamicPort: number;
  Networks: { CIDR: string; Device: string; IP: string; MBits: number; Mode: string }[];
  NodeNetworks: null;
}

/** A node as stored: the `Drain` extension and `SecretID` removal happen on the way out. */
export interface NodeRecord extends Omit<Node, 'Drain' | 'NodeResources'> {
  CSIControllerPlugins: null;
  CSINodePlugins: null;
  ComputedClass: string;
  HostNetworks: null;
  HostVolumes: null;
  LastDrain: null;
  Links: Record<string, string> | null;
  NodeResources: NodeResourcesWire;
  ReservedResources: {
    Cpu: { CpuShares: number; ReservedCpuCores: number[] | null };
    Disk: { DiskMB: number };
    Memory: { MemoryMB: number };
    Networks: { ReservedHostPorts: string };
  };
}

export type NodeWire = NodeRecord & { Drain: boolean };

export interface AllocatedTaskResources {
  Cpu: { CpuShares: number; ReservedCores: number[] | null };
  Devices: null;
  Memory: { MemoryMB: number; MemoryMaxMB: number };
  Networks: null;
}

export interface AllocatedResourcesWire {
  Shared: { DiskMB: number; Networks: null; Ports: null };
  TaskLifecycles: Record<string, null>;
  Tasks: Record<string, AllocatedTaskResources>;
}

export interface AllocMetricWire {
  AllocationTime: number;
  ClassExhausted: Record<string, number> | null;
  ClassFiltered: Record<string, number> | null;
  CoalescedFailures: number;
  ConstraintFiltered: Record<string, number> | null;
  DimensionExhausted: Record<string, number> | null;
  NodesAvailable: Record<string, number>;
  NodesEvaluated: number;
  NodesExhausted: number;
  NodesFiltered: number;
  NodesInPool: number;
  QuotaExhausted: null;
  ResourcesExhausted: null;
  ScoreMetaData: null;
  Scores: null;
}

export interface AllocationWire extends Omit<Allocation, 'Job' | 'TaskStates' | 'AllocatedResources' | 'Metrics'> {
  AllocStates: null;
  AllocatedResources: AllocatedResourcesWire;
  Job: JobWire;
  Metrics: AllocMetricWire;
  NetworkStatus: null;
  Resources: null;
  SharedResources: null;
  TaskResources: null;
  TaskStates: Record<string, TaskStateWire> | null;
}

export interface EvaluationWire extends Evaluation {
  AnnotatePlan: boolean;
  BlockedEval: string;
  ClassEligibility: Record<string, boolean> | null;
  EscapedComputedClass: boolean;
  FailedTGAllocs: Record<string, AllocMetricWire> | null;
  JobModifyIndex: number;
  NextEval: string;
  NodeModifyIndex: number;
  PreviousEval: string;
  QueuedAllocations: Record<string, number> | null;
  QuotaLimitReached: string;
  RelatedEvals: null;
  SnapshotIndex: number;
  Wait: number;
  WaitUntil: null;
}

export type DeploymentStateWire = NonNullable<Deployment['TaskGroups']>[string] & {
  AutoPromote: boolean;
  ProgressDeadline: number;
  RequireProgressBy: string | null;
};

export interface DeploymentWire extends Omit<Deployment, 'TaskGroups'> {
  CreateTime: number;
  EvalPriority: number;
  ModifyTime: number;
  TaskGroups: Record<string, DeploymentStateWire> | null;
}

export interface ACLPolicyWire extends ACLPolicy {
  Hash: string;
}

export type ACLRoleWire = ACLRole;

/**
 * An ACL token as stored. Encoded by Go's encoding/json (see `aclTokenJson`), so key order
 * matters and `ExpirationTime` is omitted (not null) when unset; `ExpirationTTL` is kept in
 * nanoseconds and written as a Go duration string.
 */
export interface ACLTokenRecord {
  AccessorID: string;
  SecretID: string;
  Name: string;
  Type: 'client' | 'management';
  Policies: string[] | null;
  Roles: { ID: string; Name: string }[] | null;
  Global: boolean;
  Hash: string | null;
  CreateTime: string;
  ExpirationTime: string | undefined;
  ExpirationTTLNanos: bigint;
  CreateIndex: number;
  ModifyIndex: number;
}
