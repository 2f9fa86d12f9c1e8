/**
 * Builds full job objects (Nomad's `structs.Job` as the API returns it) from a compact
 * spec, with the defaults Nomad's canonicalization fills in.
 */
import type { JobStatus, JobType } from '../../src/lib/nomad/types.ts';
import type { JobWire, TaskGroupWire, TaskWire, UpdateStrategyWire } from './wire.ts';

const SECOND = 1_000_000_000;
const MINUTE = 60 * SECOND;

export interface TaskSpec {
  name: string;
  driver: 'docker' | 'exec' | 'raw_exec' | 'java';
  config: Record<string, unknown>;
  cpu: number;
  memoryMB: number;
  memoryMaxMB?: number;
  env?: Record<string, string>;
  user?: string;
  dispatchPayloadFile?: string;
}

export interface GroupSpec {
  name: string;
  count: number;
  tasks: TaskSpec[];
  /** `disconnect { lost_after }`: allocations on a lost node go `unknown` instead of `lost`. */
  lostAfterNanos?: number;
  meta?: Record<string, string>;
}

export interface JobSpec {
  id: string;
  namespace: string;
  type: JobType;
  priority: number;
  datacenters: string[];
  groups: GroupSpec[];
  meta?: Record<string, string>;
  periodic?: { spec: string; timeZone: string; prohibitOverlap: boolean };
  parameterized?: { payload: 'optional' | 'required' | 'forbidden'; metaRequired: string[]; metaOptional: string[] };
  parentID?: string;
  dispatched?: boolean;
  /** Dispatch payload bytes, base64 (as the GET endpoint returns it, decompressed). */
  payload?: string;
}

export interface JobState {
  index: number;
  jobModifyIndex?: number;
  createIndex?: number;
  version: number;
  submitTimeNanos: number;
  status: JobStatus;
  statusDescription?: string;
  stop?: boolean;
  stable?: boolean;
}

function updateStrategy(type: JobType): UpdateStrategyWire {
  // Nomad canonicalizes `update` for service jobs; other types carry the zero strategy
  // except for Stagger and MaxParallel.
  if (type === 'service') {
    return {
      AutoPromote: false,
      AutoRevert: false,
      Canary: 0,
      HealthCheck: '',
      HealthyDeadline: 0,
      MaxParallel: 1,
      MinHealthyTime: 0,
      ProgressDeadline: 0,
      Stagger: 30 * SECOND,
    };
  }
  return {
    AutoPromote: false,
    AutoRevert: false,
    Canary: 0,
    HealthCheck: '',
    HealthyDeadline: 0,
    MaxParallel: 0,
    MinHealthyTime: 0,
    ProgressDeadline: 0,
    Stagger: 0,
  };
}

function buildTask(spec: TaskSpec): TaskWire {
  return {
    Affinities: null,
    Artifacts: null,
    Config: spec.config,
    Constraints: null,
    DispatchPayload: spec.dispatchPayloadFile ? { File: spec.dispatchPayloadFile } : null,
    Driver: spec.driver,
    Env: spec.env ?? null,
    Identities: null,
    Identity: null,
    KillSignal: '',
    KillTimeout: 5 * SECOND,
    Leader: false,
    Lifecycle: null,
    LogConfig: { Disabled: false, MaxFileSizeMB: 10, MaxFiles: 10 },
    Meta: null,
    Name: spec.name,
    Resources: {
      CPU: spec.cpu,
      Cores: 0,
      Devices: null,
      DiskMB: 0,
      IOPS: 0,
      MemoryMB: spec.memoryMB,
      MemoryMaxMB: spec.memoryMaxMB ?? 0,
      NUMA: null,
      Networks: null,
      SecretsMB: 0,
    },
    Services: null,
    ShutdownDelay: 0,
    Templates: null,
    User: spec.user ?? '',
    Vault: null,
  };
}

function buildGroup(spec: GroupSpec, type: JobType): TaskGroupWire {
  const batchLike = type === 'batch' || type === 'sysbatch';
  return {
    Affinities: null,
    Constraints: null,
    Consul: { Cluster: 'default', Namespace: '', Partition: '' },
    Count: spec.count,
    Disconnect: spec.lostAfterNanos
      ? { LostAfter: spec.lostAfterNanos, Reconcile: 'best_score', Replace: true, StopOnClientAfter: null }
      : null,
    EphemeralDisk: { Migrate: false, SizeMB: 300, Sticky: false },
    MaxClientDisconnect: spec.lostAfterNanos ?? null,
    Meta: spec.meta ?? null,
    Migrate:
      type === 'service'
        ? { HealthCheck: 'checks', HealthyDeadline: 5 * MINUTE, MaxParallel: 1, MinHealthyTime: 10 * SECOND }
        : null,
    Name: spec.name,
    Networks: null,
    PreventRescheduleOnLost: false,
    ReschedulePolicy:
      type === 'system' || type === 'sysbatch'
        ? null
        : batchLike
          ? {
              Attempts: 1,
              Delay: 5 * SECOND,
              DelayFunction: 'constant',
              Interval: 24 * 60 * MINUTE,
              MaxDelay: 0,
              Unlimited: false,
            }
          : {
              Attempts: 0,
              Delay: 30 * SECOND,
              DelayFunction: 'exponential',
              Interval: 0,
              MaxDelay: 60 * MINUTE,
              Unlimited: true,
            },
    RestartPolicy: batchLike
      ? { Attempts: 3, Delay: 15 * SECOND, Interval: 24 * 60 * MINUTE, Mode: 'fail', RenderTemplates: false }
      : { Attempts: 2, Delay: 15 * SECOND, Interval: 30 * MINUTE, Mode: 'fail', RenderTemplates: false },
    Scaling: null,
    Services: null,
    ShutdownDelay: null,
    Spreads: null,
    StopAfterClientDisconnect: null,
    Tasks: spec.tasks.map(buildTask),
    Update:
      type === 'service'
        ? {
            AutoPromote: false,
            AutoRevert: false,
            Canary: 0,
            HealthCheck: 'checks',
            HealthyDeadline: 5 * MINUTE,
            MaxParallel: 1,
            MinHealthyTime: 10 * SECOND,
            ProgressDeadline: 10 * MINUTE,
            Stagger: 30 * SECOND,
          }
        : null,
    Volumes: null,
  };
}

export function buildJob(spec: JobSpec, state: JobState): JobWire {
  return {
    Affinities: null,
    AllAtOnce: false,
    Constraints: null,
    ConsulNamespace: '',
    CreateIndex: state.createIndex ?? state.index,
    Datacenters: spec.datacenters,
    DispatchIdempotencyToken: '',
    Dispatched: spec.dispatched ?? false,
    ID: spec.id,
    JobModifyIndex: state.jobModifyIndex ?? state.index,
    Meta: spec.meta ?? null,
    Migrate: null,
    ModifyIndex: state.index,
    Multiregion: null,
    Name: spec.id,
    Namespace: spec.namespace,
    NodePool: 'default',
    NomadTokenID: '',
    ParameterizedJob: spec.parameterized
      ? {
          MetaOptional: spec.parameterized.metaOptional,
          MetaRequired: spec.parameterized.metaRequired,
          Payload: spec.parameterized.payload,
        }
      : null,
    ParentID: spec.parentID ?? '',
    Payload: spec.payload ?? null,
    Periodic: spec.periodic
      ? {
          Enabled: true,
          ProhibitOverlap: spec.periodic.prohibitOverlap,
          Spec: spec.periodic.spec,
          SpecType: 'cron',
          Specs: [spec.periodic.spec],
          TimeZone: spec.periodic.timeZone,
        }
      : null,
    Priority: spec.priority,
    Region: 'global',
    Reschedule: null,
    Spreads: null,
    Stable: state.stable ?? false,
    Status: state.status,
    StatusDescription: state.statusDescription ?? '',
    Stop: state.stop ?? false,
    SubmitTime: state.submitTimeNanos,
    TaskGroups: spec.groups.map((g) => buildGroup(g, spec.type)),
    Type: spec.type,
    UI: null,
    Update: updateStrategy(spec.type),
    VaultNamespace: '',
    Version: state.version,
    VersionTag: null,
  };
}

export function isParentJob(job: Pick<JobWire, 'Periodic' | 'ParameterizedJob' | 'Dispatched'>): boolean {
  return (job.Periodic !== null && job.Periodic.Enabled) || (job.ParameterizedJob !== null && !job.Dispatched);
}
