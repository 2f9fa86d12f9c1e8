/**
 * Wire types: the JSON shapes Nomad's HTTP API sends, field for field.
 *
 * Keys keep Nomad's spelling. `null` appears wherever Nomad encodes a nil slice, map or
 * pointer, or a zero time. Integer timestamps named *Time are UnixNano unless noted.
 * The mock server (`server/`) imports these with `import type` so the simulated cluster
 * and the client agree on one definition.
 */

export type NanoTime = number;
/** RFC 3339 with nanoseconds; Nomad encodes the zero time as `null`. */
export type RFC3339 = string;

// ---------------------------------------------------------------- agent / cluster

export interface AgentVersion {
  Revision: string;
  Version: string;
  VersionMetadata: string;
  VersionPrerelease: string;
}

export interface AgentMember {
  Addr: string;
  DelegateCur: number;
  DelegateMax: number;
  DelegateMin: number;
  Name: string;
  Port: number;
  ProtocolCur: number;
  ProtocolMax: number;
  ProtocolMin: number;
  Status: string;
  Tags: Record<string, string> | null;
}

export interface AgentSelf {
  config: {
    ACL: { Enabled: boolean; TokenTTL: number; PolicyTTL: number; RoleTTL: number };
    Datacenter: string;
    NodeName: string;
    Region: string;
    Version: AgentVersion;
    UI: { Enabled: boolean; Label: { Text: string; BackgroundColor: string; TextColor: string } | null };
    [key: string]: unknown;
  };
  member: AgentMember;
  stats: Record<string, Record<string, string>>;
}

export interface AgentMembers {
  Members: AgentMember[];
  ServerDC: string;
  ServerName: string;
  ServerRegion: string;
}

export interface Namespace {
  Capabilities: { DisabledTaskDrivers: string[] | null; EnabledTaskDrivers: string[] | null } | null;
  CreateIndex: number;
  Description: string;
  Hash: string;
  Meta: Record<string, string> | null;
  ModifyIndex: number;
  Name: string;
  NodePoolConfiguration: { Allowed: string[] | null; Default: string; Denied: string[] | null } | null;
  Quota: string;
}

// ---------------------------------------------------------------- jobs

export type JobType = 'service' | 'batch' | 'system' | 'sysbatch';
export type JobStatus = 'pending' | 'running' | 'dead';

export interface TaskGroupSummary {
  Complete: number;
  Failed: number;
  Lost: number;
  Queued: number;
  Running: number;
  Starting: number;
  Unknown: number;
}

export interface JobChildrenSummary {
  Dead: number;
  Pending: number;
  Running: number;
}

export interface JobSummary {
  Children: JobChildrenSummary | null;
  CreateIndex: number;
  JobID: string;
  ModifyIndex: number;
  Namespace: string;
  Summary: Record<string, TaskGroupSummary>;
}

export interface PeriodicConfig {
  Enabled: boolean;
  ProhibitOverlap: boolean;
  Spec: string;
  SpecType: string;
  Specs: string[] | null;
  TimeZone: string;
}

export interface ParameterizedJobConfig {
  MetaOptional: string[] | null;
  MetaRequired: string[] | null;
  Payload: string;
}

export interface JobListStub {
  CreateIndex: number;
  Datacenters: string[];
  ID: string;
  JobModifyIndex: number;
  JobSummary: JobSummary | null;
  ModifyIndex: number;
  Multiregion: unknown | null;
  Name: string;
  Namespace: string;
  NodePool: string;
  ParameterizedJob: boolean;
  ParentID: string;
  Periodic: boolean;
  Priority: number;
  Status: JobStatus;
  StatusDescription: string;
  Stop: boolean;
  SubmitTime: NanoTime;
  Type: JobType;
}

export interface Resources {
  CPU: number;
  Cores: number;
  DiskMB: number;
  MemoryMB: number;
  MemoryMaxMB: number;
  Networks: unknown[] | null;
}

export interface Task {
  Config: Record<string, unknown> | null;
  Driver: string;
  Env: Record<string, string> | null;
  KillTimeout: number;
  Leader: boolean;
  Lifecycle: { Hook: string; Sidecar: boolean } | null;
  LogConfig: { Disabled: boolean; MaxFileSizeMB: number; MaxFiles: number } | null;
  Meta: Record<string, string> | null;
  Name: string;
  Resources: Resources;
  User: string;
}

export interface TaskGroup {
  Count: number;
  Meta: Record<string, string> | null;
  Name: string;
  Tasks: Task[];
}

export interface Job {
  AllAtOnce: boolean;
  CreateIndex: number;
  Datacenters: string[];
  Dispatched: boolean;
  ID: string;
  JobModifyIndex: number;
  Meta: Record<string, string> | null;
  ModifyIndex: number;
  Name: string;
  Namespace: string;
  NodePool: string;
  ParameterizedJob: ParameterizedJobConfig | null;
  ParentID: string;
  Payload: string | null;
  Periodic: PeriodicConfig | null;
  Priority: number;
  Region: string;
  Stable: boolean;
  Status: JobStatus;
  StatusDescription: string;
  Stop: boolean;
  SubmitTime: NanoTime;
  TaskGroups: TaskGroup[] | null;
  Type: JobType;
  Version: number;
}

// ---------------------------------------------------------------- nodes

export type NodeStatus = 'initializing' | 'ready' | 'down' | 'disconnected';
export type SchedulingEligibility = 'eligible' | 'ineligible';

export interface DriverInfo {
  Attributes: Record<string, string> | null;
  Detected: boolean;
  HealthDescription: string;
  Healthy: boolean;
  UpdateTime: RFC3339 | null;
}

export interface DrainStrategy {
  Deadline: number;
  ForceDeadline: RFC3339 | null;
  IgnoreSystemJobs: boolean;
  StartedAt: RFC3339 | null;
}

export interface NodeListStub {
  Address: string;
  CreateIndex: number;
  Datacenter: string;
  Drain: boolean;
  Drivers: Record<string, DriverInfo> | null;
  HostVolumes: Record<string, { Name: string; Path: string; ReadOnly: boolean }> | null;
  ID: string;
  LastDrain: unknown | null;
  ModifyIndex: number;
  Name: string;
  NodeClass: string;
  NodePool: string;
  SchedulingEligibility: SchedulingEligibility;
  Status: NodeStatus;
  StatusDescription: string;
  Version: string;
}

export interface NodeEvent {
  CreateIndex: number;
  Details: Record<string, string> | null;
  Message: string;
  Subsystem: string;
  Timestamp: RFC3339 | null;
}

export interface Node {
  Attributes: Record<string, string> | null;
  CreateIndex: number;
  Datacenter: string;
  Drain: boolean;
  DrainStrategy: DrainStrategy | null;
  Drivers: Record<string, DriverInfo> | null;
  Events: NodeEvent[] | null;
  HTTPAddr: string;
  ID: string;
  Meta: Record<string, string> | null;
  ModifyIndex: number;
  Name: string;
  NodeClass: string;
  NodePool: string;
  NodeResources: {
    Cpu: { CpuShares: number; TotalCpuCores: number };
    Disk: { DiskMB: number };
    Memory: { MemoryMB: number };
    Networks: unknown[] | null;
  } | null;
  SchedulingEligibility: SchedulingEligibility;
  Status: NodeStatus;
  StatusDescription: string;
  StatusUpdatedAt: number;
  TLSEnabled: boolean;
}

// ---------------------------------------------------------------- allocations

export type AllocClientStatus = 'pending' | 'running' | 'complete' | 'failed' | 'lost' | 'unknown';
export type AllocDesiredStatus = 'run' | 'stop' | 'evict';
export type TaskStateName = 'pending' | 'running' | 'dead';

export interface TaskEvent {
  Details: Record<string, string> | null;
  DisplayMessage: string;
  ExitCode: number;
  FailsTask: boolean;
  Message: string;
  Signal: number;
  Time: NanoTime;
  Type: string;
}

export interface TaskState {
  Events: TaskEvent[] | null;
  Failed: boolean;
  FinishedAt: RFC3339 | null;
  LastRestart: RFC3339 | null;
  Restarts: number;
  StartedAt: RFC3339 | null;
  State: TaskStateName;
}

export interface DesiredTransition {
  ForceReschedule: boolean | null;
  Migrate: boolean | null;
  NoShutdownDelay: boolean | null;
  Reschedule: boolean | null;
}

export interface AllocListStub {
  AllocatedResources?: unknown;
  ClientDescription: string;
  ClientStatus: AllocClientStatus;
  CreateIndex: number;
  CreateTime: NanoTime;
  DeploymentStatus: { Canary: boolean; Healthy: boolean | null; ModifyIndex: number; Timestamp: RFC3339 | null } | null;
  DesiredDescription: string;
  DesiredStatus: AllocDesiredStatus;
  DesiredTransition: DesiredTransition;
  EvalID: string;
  FollowupEvalID: string;
  ID: string;
  JobID: string;
  JobType: JobType;
  JobVersion: number;
  ModifyIndex: number;
  ModifyTime: NanoTime;
  Name: string;
  Namespace: string;
  NextAllocation: string;
  NodeID: string;
  NodeName: string;
  PreemptedAllocations: string[] | null;
  PreemptedByAllocation: string;
  RescheduleTracker: RescheduleTracker | null;
  TaskGroup: string;
  TaskStates: Record<string, TaskState> | null;
}

/** One earlier placement this allocation replaces (`RescheduleTracker.Events`). */
export interface RescheduleEvent {
  /** Nanoseconds the scheduler waited before this reschedule. */
  Delay: number;
  PrevAllocID: string;
  PrevNodeID: string;
  RescheduleTime: NanoTime;
}

export interface RescheduleTracker {
  Events: RescheduleEvent[] | null;
}

export interface AllocatedTaskResources {
  Cpu: { CpuShares: number; ReservedCores: number[] | null };
  Memory: { MemoryMB: number; MemoryMaxMB: number };
}

/** `Allocation.AllocatedResources`: what the scheduler reserved, per task and shared. */
export interface AllocatedResources {
  Shared: { DiskMB: number };
  Tasks: Record<string, AllocatedTaskResources> | null;
}

export interface Allocation extends Omit<AllocListStub, 'JobType' | 'JobVersion' | 'AllocatedResources'> {
  AllocatedResources: AllocatedResources | null;
  AllocModifyIndex: number;
  DeploymentID: string;
  Job: Job | null;
  Metrics: unknown | null;
  PreviousAllocation: string;
}

/** `POST /v1/allocation/:id/stop`. */
export interface AllocStopResponse {
  EvalID: string;
  Index: number;
}

// ---------------------------------------------------------------- client stats (no X-Nomad-Index)

export interface CpuStats {
  Measured: string[] | null;
  /** Share of the task's CPU limit in use, 0-100 (can exceed 100 with bursting). */
  Percent: number;
  SystemMode: number;
  ThrottledPeriods: number;
  /** Cumulative nanoseconds throttled. */
  ThrottledTime: number;
  /** MHz in use. */
  TotalTicks: number;
  UserMode: number;
}

export interface MemoryStats {
  Cache: number;
  KernelMaxUsage: number;
  KernelUsage: number;
  MappedFile: number;
  MaxUsage: number;
  Measured: string[] | null;
  /** Bytes. */
  RSS: number;
  Swap: number;
  /** Bytes. */
  Usage: number;
}

export interface ResourceUsage {
  CpuStats: CpuStats | null;
  DeviceStats: unknown[] | null;
  MemoryStats: MemoryStats | null;
}

export interface TaskResourceUsage {
  Pids: Record<string, ResourceUsage> | null;
  ResourceUsage: ResourceUsage | null;
  Timestamp: NanoTime;
}

/** `GET /v1/client/allocation/:id/stats`; the alloc-level sum covers running tasks only. */
export interface AllocResourceUsage {
  ResourceUsage: ResourceUsage | null;
  Tasks: Record<string, TaskResourceUsage> | null;
  Timestamp: NanoTime;
}

export interface HostCpuStats {
  CPU: string;
  Idle: number;
  System: number;
  TotalPercent: number;
  TotalTicks: number;
  User: number;
}

export interface HostDiskStats {
  Available: number;
  Device: string;
  InodesUsedPercent: number;
  Mountpoint: string;
  Size: number;
  Used: number;
  UsedPercent: number;
}

/** `GET /v1/client/stats?node_id=`. */
export interface HostStats {
  AllocDirStats: HostDiskStats | null;
  CPU: HostCpuStats[] | null;
  CPUTicksConsumed: number;
  DeviceStats: unknown[] | null;
  DiskStats: HostDiskStats[] | null;
  Memory: { Available: number; Free: number; Total: number; Used: number } | null;
  Timestamp: NanoTime;
  /** Seconds. */
  Uptime: number;
}

/** `GET|POST /v1/client/metadata?node_id=`. `null` in Dynamic marks an unset static key. */
export interface NodeMetadata {
  Dynamic: Record<string, string | null> | null;
  Meta: Record<string, string> | null;
  Static: Record<string, string> | null;
}

// ---------------------------------------------------------------- evaluations / deployments

export interface Evaluation {
  CreateIndex: number;
  CreateTime: NanoTime;
  DeploymentID: string;
  ID: string;
  JobID: string;
  ModifyIndex: number;
  ModifyTime: NanoTime;
  Namespace: string;
  NodeID: string;
  Priority: number;
  Status: 'blocked' | 'pending' | 'complete' | 'failed' | 'canceled';
  StatusDescription: string;
  TriggeredBy: string;
  Type: JobType | '_core';
}

export interface Deployment {
  CreateIndex: number;
  ID: string;
  IsMultiregion: boolean;
  JobCreateIndex: number;
  JobID: string;
  JobModifyIndex: number;
  JobSpecModifyIndex: number;
  JobVersion: number;
  ModifyIndex: number;
  Namespace: string;
  Status:
    | 'running'
    | 'paused'
    | 'failed'
    | 'successful'
    | 'cancelled'
    | 'pending'
    | 'blocked'
    | 'unblocking'
    | 'initializing';
  StatusDescription: string;
  TaskGroups: Record<
    string,
    {
      AutoRevert: boolean;
      DesiredCanaries: number;
      DesiredTotal: number;
      HealthyAllocs: number;
      PlacedAllocs: number;
      PlacedCanaries: string[] | null;
      Promoted: boolean;
      UnhealthyAllocs: number;
    }
  > | null;
}

// ---------------------------------------------------------------- ACL

export interface ACLToken {
  /** Go duration string such as "1h0m0s", or "" when unset (stdlib-encoded, first key). */
  ExpirationTTL: string;
  AccessorID: string;
  SecretID: string;
  Name: string;
  Type: 'client' | 'management';
  Policies: string[] | null;
  Roles: { ID: string; Name: string }[] | null;
  Global: boolean;
  Hash: string | null;
  CreateTime: RFC3339;
  /** Absent (omitempty under Go's encoding/json) when the token never expires. */
  ExpirationTime?: RFC3339 | null;
  CreateIndex: number;
  ModifyIndex: number;
}

export interface ACLPolicy {
  CreateIndex: number;
  Description: string;
  Hash: string | null;
  JobACL: unknown | null;
  ModifyIndex: number;
  Name: string;
  Rules: string;
  RulesJSON: unknown | null;
}

export interface ACLRole {
  CreateIndex: number;
  Description: string;
  Hash: string;
  ID: string;
  ModifyIndex: number;
  Name: string;
  Policies: { Name: string }[];
}

// ---------------------------------------------------------------- event stream

/** Topics Nomad publishes (CE). Unknown topic names are accepted by the server and never match. */
export type EventTopic =
  | 'ACLAuthMethod'
  | 'ACLBindingRule'
  | 'ACLPolicy'
  | 'ACLRole'
  | 'ACLToken'
  | 'Allocation'
  | 'CSIPlugin'
  | 'CSIVolume'
  | 'Deployment'
  | 'Evaluation'
  | 'HostVolume'
  | 'Job'
  | 'Node'
  | 'NodePool'
  | 'Operator'
  | 'Service'
  | 'Variable';

/** One event of `/v1/event/stream`. Keys as on the wire (sorted). */
export interface NomadEvent {
  /** Extra keys the event matches in `Topic:Key` filters (e.g. [JobID, DeploymentID]); null for some topics. */
  FilterKeys: string[] | null;
  /** The raft index of the batch the event belongs to. */
  Index: number;
  Key: string;
  /** "" for objects that have no namespace (Node, NodePool, ACL*, CSIPlugin). */
  Namespace: string;
  /** One member named after the object (Job, Allocation, Evaluation, AuthMethod, Volume, …), plus extras such as Deleted. */
  Payload: Record<string, unknown>;
  Topic: EventTopic | (string & {});
  Type: string;
}

/** One ndjson line of the event stream; `{}` (no Index) is a heartbeat. */
export interface EventBatch {
  Events: NomadEvent[];
  Index: number;
}

// ------------------------------------------------------------------ event sinks (nomad-api.md §2)

/** A managed event sink as `GET /v1/event/sink/:id` returns it (served by nomad-live's server). */
export interface EventSink {
  Address: string;
  CreateIndex: number;
  /** Ours: whether deliveries are signed (the secret itself is write-only). */
  HasSecret?: boolean;
  /** Ours: HTTP headers added to every delivery. */
  Headers?: Record<string, string> | null;
  ID: string;
  /** Raft index of the last batch the receiver accepted (2xx); delivery resumes after it. */
  LatestIndex: number;
  ModifyIndex: number;
  /** Topic → keys, the same semantics as the event stream's `topic=` values. */
  Topics: Record<string, string[]> | null;
  /** Only `webhook` exists. */
  Type: string;
}

/**
 * The body of `POST|PUT /v1/event/sink/:id`. Absent `LatestIndex`, `Headers` or `Secret`
 * keep the stored value; `Headers: null` and `Secret: ""` remove them. `Secret` is write-only.
 */
export interface EventSinkWrite {
  Address: string;
  Headers?: Record<string, string> | null;
  ID: string;
  LatestIndex?: number;
  Secret?: string;
  Topics: Record<string, string[]>;
  Type: string;
}

/** One delivery attempt of a sink (newest first in `SinkDeliveries.Attempts`). */
export interface SinkAttempt {
  /** Transport error text; "" when the receiver answered. */
  Error: string;
  Events: number;
  Index: number;
  LatencyMs: number;
  /** The receiver's HTTP status; 0 when it could not be reached. */
  StatusCode: number;
  /** A "send test event" attempt, not part of the stream. */
  Test: boolean;
  /** RFC 3339. */
  Time: string;
}

export type SinkState = 'idle' | 'healthy' | 'retrying' | 'failing';

/** `GET /v1/event/sink/:id/deliveries` (nomad-live's own companion endpoint; blocking). */
export interface SinkDeliveries {
  Attempts: SinkAttempt[] | null;
  BatchesDelivered: number;
  ConsecutiveFailures: number;
  EventsDelivered: number;
  LastError: string;
  LastErrorTime: string | null;
  LastSuccessIndex: number;
  LastSuccessTime: string | null;
  NextRetryTime: string | null;
  SinkID: string;
  State: SinkState;
  StreamConnected: boolean;
  StreamError: string;
}

/** `POST /v1/event/sink/:id/test`: the receiver's verdict on one synthetic batch. */
export interface SinkTestResult {
  Error: string;
  LatencyMs: number;
  StatusCode: number;
}
