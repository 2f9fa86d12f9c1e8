import { describe, expect, it } from 'vitest';
import type {
  ACLPolicy,
  ACLRole,
  ACLToken,
  Allocation,
  Deployment,
  Evaluation,
  Job,
  NomadEvent,
  Node,
  TaskState,
} from '@/lib/nomad/types.ts';
import { shortId, summarizeEvent } from './summarize.ts';

const ALLOC_ID = '5e1c2a4b-8f3d-4c1e-9b7a-0d2e6f4a1b3c';
const DEPLOY_ID = '4a1c9e2f-7b3d-4e5f-8a9b-1c2d3e4f5a6b';
const NODE_ID = 'b7f0e1d2-3c4b-5a69-8877-665544332211';

function ev(Topic: string, Type: string, Key: string, Payload: Record<string, unknown>, extra = {}): NomadEvent {
  return { FilterKeys: null, Index: 42, Key, Namespace: 'default', Payload, Topic, Type, ...extra };
}

function taskState(p: Partial<TaskState> = {}): TaskState {
  return {
    Events: null,
    Failed: false,
    FinishedAt: null,
    LastRestart: null,
    Restarts: 0,
    StartedAt: '2024-05-01T14:03:09.123456789Z',
    State: 'running',
    ...p,
  };
}

function alloc(p: Partial<Allocation> = {}): Allocation {
  return {
    AllocModifyIndex: 40,
    AllocatedResources: null,
    ClientDescription: 'Tasks are running',
    ClientStatus: 'running',
    CreateIndex: 30,
    CreateTime: 1714572189000000000,
    DeploymentID: DEPLOY_ID,
    DeploymentStatus: null,
    DesiredDescription: '',
    DesiredStatus: 'run',
    DesiredTransition: { ForceReschedule: null, Migrate: null, NoShutdownDelay: null, Reschedule: null },
    EvalID: 'e0000000-0000-0000-0000-000000000001',
    FollowupEvalID: '',
    ID: ALLOC_ID,
    Job: null,
    JobID: 'web-frontend',
    Metrics: null,
    ModifyIndex: 42,
    ModifyTime: 1714572190000000000,
    Name: 'web-frontend.web[2]',
    Namespace: 'default',
    NextAllocation: '',
    NodeID: NODE_ID,
    NodeName: 'node-3',
    PreemptedAllocations: null,
    PreemptedByAllocation: '',
    PreviousAllocation: '',
    RescheduleTracker: null,
    TaskGroup: 'web',
    TaskStates: { web: taskState() },
    ...p,
  };
}

const allocEvent = (Type: string, a: Partial<Allocation> = {}, extra: Record<string, unknown> = {}) =>
  ev('Allocation', Type, ALLOC_ID, { Allocation: alloc(a), ...extra }, { FilterKeys: ['web-frontend', DEPLOY_ID] });

function evaluation(p: Partial<Evaluation> = {}): Evaluation {
  return {
    CreateIndex: 41,
    CreateTime: 1714572189000000000,
    DeploymentID: '',
    ID: 'e1f2a3b4-0000-4000-8000-000000000002',
    JobID: 'web-frontend',
    ModifyIndex: 42,
    ModifyTime: 1714572189000000000,
    Namespace: 'default',
    NodeID: '',
    Priority: 50,
    Status: 'complete',
    StatusDescription: '',
    TriggeredBy: 'job-register',
    Type: 'service',
    ...p,
  };
}

function job(p: Partial<Job> = {}): Job {
  const group = (Name: string) => ({ Count: 1, Meta: null, Name, Tasks: [] });
  return {
    AllAtOnce: false,
    CreateIndex: 10,
    Datacenters: ['dc1'],
    Dispatched: false,
    ID: 'web-frontend',
    JobModifyIndex: 42,
    Meta: null,
    ModifyIndex: 42,
    Name: 'web-frontend',
    Namespace: 'default',
    NodePool: 'default',
    ParameterizedJob: null,
    ParentID: '',
    Payload: null,
    Periodic: null,
    Priority: 50,
    Region: 'global',
    Stable: false,
    Status: 'pending',
    StatusDescription: '',
    Stop: false,
    SubmitTime: 1714572189000000000,
    TaskGroups: [group('web'), group('api'), group('cache')],
    Type: 'service',
    Version: 3,
    ...p,
  };
}

function deployment(p: Partial<Deployment> = {}): Deployment {
  const tg = { AutoRevert: true, DesiredCanaries: 1, PlacedCanaries: null, Promoted: false, UnhealthyAllocs: 0 };
  return {
    CreateIndex: 40,
    ID: DEPLOY_ID,
    IsMultiregion: false,
    JobCreateIndex: 10,
    JobID: 'web-frontend',
    JobModifyIndex: 40,
    JobSpecModifyIndex: 40,
    JobVersion: 3,
    ModifyIndex: 42,
    Namespace: 'default',
    Status: 'running',
    StatusDescription: 'Deployment is running',
    TaskGroups: {
      web: { ...tg, DesiredTotal: 3, HealthyAllocs: 2, PlacedAllocs: 3 },
      api: { ...tg, DesiredTotal: 2, HealthyAllocs: 1, PlacedAllocs: 2 },
    },
    ...p,
  };
}

function node(p: Partial<Node> = {}): Node & { Drain: boolean } {
  return {
    Attributes: null,
    CreateIndex: 5,
    Datacenter: 'dc1',
    Drain: false,
    DrainStrategy: null,
    Drivers: null,
    Events: [
      { CreateIndex: 5, Details: null, Message: 'Node registered', Subsystem: 'Cluster', Timestamp: null },
      { CreateIndex: 42, Details: null, Message: 'Node heartbeat missed', Subsystem: 'Cluster', Timestamp: null },
    ],
    HTTPAddr: '10.0.0.3:4646',
    ID: NODE_ID,
    Meta: null,
    ModifyIndex: 42,
    Name: 'node-3',
    NodeClass: '',
    NodePool: 'default',
    NodeResources: null,
    SchedulingEligibility: 'eligible',
    Status: 'ready',
    StatusDescription: '',
    StatusUpdatedAt: 1714572189,
    TLSEnabled: false,
    ...p,
  };
}

const nodeEvent = (Type: string, n: Partial<Node> = {}) =>
  ev('Node', Type, NODE_ID, { Node: node(n) }, { Namespace: '' });

describe('summarizeEvent: Allocation', () => {
  it('reads name, client status and node, with the tone of the status', () => {
    expect(summarizeEvent(allocEvent('AllocationUpdated'))).toEqual({
      text: 'web-frontend.web[2] running on node-3',
      tone: 'good',
    });
    expect(summarizeEvent(allocEvent('AllocationUpdated', { ClientStatus: 'complete' })).tone).toBe('good');
    expect(summarizeEvent(allocEvent('AllocationUpdated', { ClientStatus: 'pending' }))).toEqual({
      text: 'web-frontend.web[2] pending on node-3',
      tone: 'warn',
    });
    expect(summarizeEvent(allocEvent('AllocationUpdated', { ClientStatus: 'unknown' })).tone).toBe('warn');
    expect(summarizeEvent(allocEvent('AllocationUpdated', { ClientStatus: 'lost' }))).toEqual({
      text: 'web-frontend.web[2] lost on node-3',
      tone: 'bad',
    });
  });

  it('says why a failed allocation failed, from its failed task', () => {
    const failed = taskState({
      State: 'dead',
      Failed: true,
      Events: [
        {
          Details: null,
          DisplayMessage: 'Exit Code: 1',
          ExitCode: 1,
          FailsTask: true,
          Message: '',
          Signal: 0,
          Time: 1,
          Type: 'Terminated',
        },
      ],
    });
    const s = summarizeEvent(allocEvent('AllocationUpdated', { ClientStatus: 'failed', TaskStates: { web: failed } }));
    expect(s).toEqual({ text: 'web-frontend.web[2] failed on node-3: Exit Code: 1', tone: 'bad' });
  });

  it('is not green when the allocation runs but is being stopped', () => {
    const s = summarizeEvent(allocEvent('AllocationUpdated', { DesiredStatus: 'stop' }));
    expect(s).toEqual({ text: 'web-frontend.web[2] running on node-3 (desired: stop)', tone: 'neutral' });
  });

  it('reports desired-status updates as requests', () => {
    expect(summarizeEvent(allocEvent('AllocationUpdateDesiredStatus', { DesiredStatus: 'stop' }))).toEqual({
      text: 'web-frontend.web[2] stop requested',
      tone: 'warn',
    });
    const migrate = { ForceReschedule: null, Migrate: true, NoShutdownDelay: null, Reschedule: null };
    expect(summarizeEvent(allocEvent('AllocationUpdateDesiredStatus', { DesiredTransition: migrate })).text).toBe(
      'web-frontend.web[2] migration requested',
    );
  });

  it('reports plan results as placements (or planned stops), marking canaries', () => {
    const placed = allocEvent('PlanResult', { ClientStatus: 'pending' });
    expect(summarizeEvent(placed)).toEqual({ text: 'web-frontend.web[2] placed on node-3', tone: 'neutral' });
    const canary = allocEvent('PlanResult', {
      DeploymentStatus: { Canary: true, Healthy: null, ModifyIndex: 1, Timestamp: null },
    });
    expect(summarizeEvent(canary).text).toBe('web-frontend.web[2] (canary) placed on node-3');
    const stop = allocEvent('PlanResult', { DesiredStatus: 'stop', DesiredDescription: 'alloc is being updated' });
    expect(summarizeEvent(stop).text).toBe('web-frontend.web[2] stop planned on node-3: alloc is being updated');
  });

  it('reports deployment health of an allocation', () => {
    const healthy = { Canary: false, Healthy: true, ModifyIndex: 1, Timestamp: null };
    expect(summarizeEvent(allocEvent('DeploymentAllocHealth', { DeploymentStatus: healthy }))).toEqual({
      text: 'web-frontend.web[2] healthy on node-3',
      tone: 'good',
    });
    const sick = { ...healthy, Healthy: false };
    expect(summarizeEvent(allocEvent('DeploymentAllocHealth', { DeploymentStatus: sick })).tone).toBe('bad');
  });

  it('flags max_run_duration stops', () => {
    const e = allocEvent(
      'AllocationUpdated',
      { ClientStatus: 'complete', DesiredStatus: 'stop' },
      {
        Timeout: true,
        TimeoutReason: 'allocation exceeded max_run_duration',
      },
    );
    expect(summarizeEvent(e)).toEqual({
      text: 'web-frontend.web[2] complete on node-3 (exceeded max_run_duration)',
      tone: 'warn',
    });
  });

  it('falls back to job.group and a short node ID when names are missing', () => {
    const s = summarizeEvent(allocEvent('AllocationUpdated', { Name: '', NodeName: '' }));
    expect(s.text).toBe('web-frontend.web running on b7f0e1d2');
  });
});

describe('summarizeEvent: Evaluation, Job, Deployment', () => {
  it('summarizes evaluations with job, trigger and status', () => {
    const e = (p: Partial<Evaluation>, Type = 'EvaluationUpdated') =>
      summarizeEvent(ev('Evaluation', Type, 'e1f2a3b4', { Evaluation: evaluation(p) }));
    expect(e({}, 'JobRegistered')).toEqual({ text: 'eval for web-frontend (job-register): complete', tone: 'good' });
    expect(e({ Status: 'blocked', StatusDescription: 'created to place remaining allocations' })).toEqual({
      text: 'eval for web-frontend (job-register): blocked — created to place remaining allocations',
      tone: 'warn',
    });
    expect(e({ Status: 'failed', TriggeredBy: 'node-update', StatusDescription: '' })).toEqual({
      text: 'eval for web-frontend (node-update): failed',
      tone: 'bad',
    });
    expect(e({ Status: 'pending' }).tone).toBe('neutral');
  });

  it('summarizes job registration, deregistration and purge', () => {
    const j = (Type: string, p: Partial<Job> = {}, extra = {}) =>
      summarizeEvent(ev('Job', Type, 'web-frontend', { Job: job(p), ...extra }));
    expect(j('JobRegistered')).toEqual({ text: 'web-frontend registered (v3, service, 3 groups)', tone: 'neutral' });
    expect(
      j('JobRegistered', { TaskGroups: [{ Count: 1, Meta: null, Name: 'b', Tasks: [] }], Type: 'batch' }).text,
    ).toBe('web-frontend registered (v3, batch, 1 group)');
    expect(j('JobDeregistered', { Stop: true })).toEqual({ text: 'web-frontend deregistered', tone: 'warn' });
    expect(j('JobDeregistered', {}, { Deleted: true })).toEqual({ text: 'web-frontend purged', tone: 'warn' });
    expect(j('JobBatchDeregistered', {}, { Deleted: true }).text).toBe('web-frontend garbage-collected');
    expect(j('PlanResult', { Status: 'running' }).text).toBe('web-frontend running (v3, service, 3 groups)');
  });

  it('summarizes deployments with a short ID', () => {
    const d = (Type: string, p: Partial<Deployment> = {}) =>
      summarizeEvent(ev('Deployment', Type, DEPLOY_ID, { Deployment: deployment(p) }));
    expect(d('DeploymentPromotion')).toEqual({ text: 'deployment 4a1c9e2f for web-frontend promoted', tone: 'good' });
    expect(d('DeploymentStatusUpdate', { Status: 'successful' })).toEqual({
      text: 'deployment 4a1c9e2f for web-frontend successful',
      tone: 'good',
    });
    expect(
      d('DeploymentStatusUpdate', { Status: 'failed', StatusDescription: 'Failed due to unhealthy allocations' }),
    ).toEqual({
      text: 'deployment 4a1c9e2f for web-frontend failed: Failed due to unhealthy allocations',
      tone: 'bad',
    });
    expect(d('DeploymentAllocHealth').text).toBe('deployment 4a1c9e2f for web-frontend: 3/5 allocs healthy');
    expect(d('PlanResult').text).toBe('deployment 4a1c9e2f for web-frontend running');
  });
});

describe('summarizeEvent: Node', () => {
  it('names the node state', () => {
    expect(summarizeEvent(nodeEvent('NodeDrain', { Drain: true, SchedulingEligibility: 'ineligible' }))).toEqual({
      text: 'node-3 draining',
      tone: 'warn',
    });
    expect(summarizeEvent(nodeEvent('NodeDrain', { SchedulingEligibility: 'ineligible' })).text).toBe(
      'node-3 drain finished (ineligible)',
    );
    expect(summarizeEvent(nodeEvent('NodeEligibility', { SchedulingEligibility: 'ineligible' }))).toEqual({
      text: 'node-3 ineligible',
      tone: 'warn',
    });
    expect(summarizeEvent(nodeEvent('NodeRegistration'))).toEqual({ text: 'node-3 registered (ready)', tone: 'good' });
    expect(summarizeEvent(nodeEvent('NodeDeregistration')).text).toBe('node-3 deregistered');
  });

  it('adds the newest node event message to status updates', () => {
    expect(summarizeEvent(nodeEvent('NodeStreamEvent', { Status: 'down' }))).toEqual({
      text: 'node-3 down: Node heartbeat missed',
      tone: 'bad',
    });
    expect(summarizeEvent(nodeEvent('NodeStreamEvent', { Events: null }))).toEqual({
      text: 'node-3 ready',
      tone: 'good',
    });
  });
});

describe('summarizeEvent: ACL, Service, Variable and others', () => {
  it('summarizes ACL objects by name', () => {
    const token: ACLToken = {
      ExpirationTTL: '',
      AccessorID: 'a1b2c3d4-1111-4222-8333-444455556666',
      SecretID: '',
      Name: 'ci-deployer',
      Type: 'client',
      Policies: ['deploy'],
      Roles: null,
      Global: false,
      Hash: 'x',
      CreateTime: '2024-05-01T14:03:09Z',
      CreateIndex: 1,
      ModifyIndex: 1,
    };
    const policy: ACLPolicy = {
      CreateIndex: 1,
      Description: '',
      Hash: null,
      JobACL: null,
      ModifyIndex: 1,
      Name: 'readonly',
      Rules: 'namespace "*" {\n  policy = "read"\n}',
      RulesJSON: null,
    };
    const role: ACLRole = {
      CreateIndex: 1,
      Description: '',
      Hash: 'x',
      ID: 'r1',
      ModifyIndex: 1,
      Name: 'ops',
      Policies: [{ Name: 'readonly' }],
    };
    const acl = (Topic: string, Type: string, Payload: Record<string, unknown>) =>
      summarizeEvent(ev(Topic, Type, 'k', Payload, { Namespace: '' }));
    expect(acl('ACLToken', 'ACLTokenUpserted', { ACLToken: token })).toEqual({
      text: 'ACL token ci-deployer upserted',
      tone: 'neutral',
    });
    expect(acl('ACLToken', 'ACLTokenDeleted', { ACLToken: { ...token, Name: '' } })).toEqual({
      text: 'ACL token a1b2c3d4 deleted',
      tone: 'warn',
    });
    expect(acl('ACLPolicy', 'ACLPolicyUpserted', { ACLPolicy: policy }).text).toBe('ACL policy readonly upserted');
    expect(acl('ACLRole', 'ACLRoleDeleted', { ACLRole: role }).text).toBe('ACL role ops deleted');
    expect(acl('ACLAuthMethod', 'ACLAuthMethodUpserted', { AuthMethod: { Name: 'okta', Type: 'OIDC' } }).text).toBe(
      'auth method okta upserted',
    );
    // The payload member of ACLAuthMethod is AuthMethod, not ACLAuthMethod.
    expect(acl('ACLAuthMethod', 'ACLAuthMethodUpserted', { ACLAuthMethod: { Name: 'okta' } }).text).toBe(
      'ACLAuthMethod ACLAuthMethodUpserted k',
    );
  });

  it('summarizes service registrations with address and port', () => {
    const svc = (Type: string, Address: string) =>
      summarizeEvent(
        ev('Service', Type, '_nomad-task-1', {
          Service: { ServiceName: 'web', Address, Port: 8080, JobID: 'web-frontend', ID: '_nomad-task-1' },
        }),
      );
    expect(svc('ServiceRegistration', '10.0.0.3')).toEqual({ text: 'web registered at 10.0.0.3:8080', tone: 'good' });
    expect(svc('ServiceDeregistration', '10.0.0.3').text).toBe('web deregistered from 10.0.0.3:8080');
    expect(svc('ServiceRegistration', 'fd00::3').text).toBe('web registered at [fd00::3]:8080');
  });

  it('summarizes variables by path, never by value', () => {
    const meta = { Namespace: 'default', Path: 'nomad/jobs/web', CreateIndex: 1, ModifyIndex: 2 };
    expect(
      summarizeEvent(ev('Variable', 'VariableUpdated', 'nomad/jobs/web', { Metadata: meta, Deleted: false })),
    ).toEqual({ text: 'variable nomad/jobs/web updated', tone: 'neutral' });
    expect(
      summarizeEvent(ev('Variable', 'VariableUpdated', 'nomad/jobs/web', { Metadata: meta, Deleted: true })).text,
    ).toBe('variable nomad/jobs/web deleted');
  });

  it('summarizes node pools, volumes and plugins', () => {
    expect(summarizeEvent(ev('NodePool', 'NodePoolDeleted', 'gpu', { NodePool: { Name: 'gpu' } })).text).toBe(
      'node pool gpu deleted',
    );
    expect(
      summarizeEvent(ev('HostVolume', 'HostVolumeRegistered', 'v1', { Volume: { ID: 'v1', Name: 'data' } })).text,
    ).toBe('host volume data registered');
    expect(
      summarizeEvent(
        ev('CSIPlugin', 'CSIVolumeClaim', 'ebs', { Plugin: { ID: 'ebs', NodesHealthy: 2, NodesExpected: 3 } }),
      ).text,
    ).toBe('CSI plugin ebs (2/3 nodes healthy)');
  });

  it('falls back to Topic Type Key for unknown topics', () => {
    expect(summarizeEvent(ev('Operator', 'UtilizationSnapshotUpserted', 'snap-1', {}))).toEqual({
      text: 'Operator UtilizationSnapshotUpserted snap-1',
      tone: 'neutral',
    });
  });
});

describe('summarizeEvent: hostile and odd input', () => {
  const garbage: unknown[] = [
    null,
    undefined,
    'Allocation',
    42,
    [],
    {},
    { Topic: 'Allocation' },
    { Topic: 'Allocation', Type: 'AllocationUpdated', Key: 'k', Payload: null },
    { Topic: 'Allocation', Type: 'AllocationUpdated', Key: 'k', Payload: 'oops' },
    { Topic: 'Allocation', Type: 'AllocationUpdated', Key: 'k', Payload: { Allocation: [] } },
    { Topic: 'Allocation', Type: 'AllocationUpdated', Key: 'k', Payload: { Allocation: { TaskStates: 'x' } } },
    {
      Topic: 'Allocation',
      Type: 'AllocationUpdated',
      Payload: { Allocation: { ClientStatus: 'failed', TaskStates: { a: null } } },
    },
    { Topic: 'Node', Type: 'NodeStreamEvent', Key: 'n', Payload: { Node: { Events: 'nope', Status: 7 } } },
    { Topic: 'Job', Type: 'JobRegistered', Key: 'j', Payload: { Job: { TaskGroups: {}, Version: '3' } } },
    {
      Topic: 'Deployment',
      Type: 'DeploymentAllocHealth',
      Key: 'd',
      Payload: { Deployment: { TaskGroups: [1, null] } },
    },
    { Topic: 'Evaluation', Type: 5, Key: null, Payload: { Evaluation: 'x' } },
    { Topic: 'constructor', Type: 'toString', Key: '__proto__', Payload: {} },
    { Topic: 'Allocation', Type: 'x', Key: 'k', Payload: { Allocation: { ClientStatus: 'constructor', Name: 'a' } } },
    {
      Topic: 'Job',
      Type: 'JobRegistered',
      Key: 'j',
      Payload: {
        get Job(): never {
          throw new Error('boom');
        },
      },
    },
  ];

  it.each(garbage.map((g, i) => [i, g]))('never throws and returns a valid summary (case %i)', (_i, g) => {
    const s = summarizeEvent(g as NomadEvent);
    expect(typeof s.text).toBe('string');
    expect(s.text.length).toBeGreaterThan(0);
    expect(['neutral', 'good', 'warn', 'bad']).toContain(s.tone);
  });

  it('degrades a missing payload member to the generic line', () => {
    const s = summarizeEvent({ Topic: 'Allocation', Type: 'AllocationUpdated', Key: 'k' } as unknown as NomadEvent);
    expect(s).toEqual({ text: 'Allocation AllocationUpdated k', tone: 'neutral' });
    expect(summarizeEvent(null as unknown as NomadEvent).text).toBe('event');
  });

  it('ignores prototype keys used as statuses', () => {
    const e = {
      Topic: 'Allocation',
      Type: 'x',
      Key: 'k',
      Payload: { Allocation: { ClientStatus: 'constructor', Name: 'a' } },
    };
    expect(summarizeEvent(e as unknown as NomadEvent)).toEqual({ text: 'a constructor', tone: 'neutral' });
  });

  it('keeps summaries on one bounded line', () => {
    const s = summarizeEvent(
      allocEvent('AllocationUpdated', { Name: `evil\nname ${'x'.repeat(1000)}`, NodeName: 'node\r\n3' }),
    );
    expect(s.text).not.toMatch(/[\r\n]/);
    expect(s.text.startsWith('evil name xxx')).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(240);
    expect(s.text.endsWith('…')).toBe(true);
  });

  it('shortens UUIDs only', () => {
    expect(shortId(ALLOC_ID)).toBe('5e1c2a4b');
    expect(shortId('web-frontend')).toBe('web-frontend');
  });
});
