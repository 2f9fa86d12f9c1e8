/**
 * The scenario's stories: each is a generator that makes one raft commit per step (the
 * `yield` after each) in the order a real cluster would, e.g. a service rollout goes
 * JobRegistered → PlanResult → EvaluationUpdated → AllocationUpdated (one per alloc) →
 * DeploymentAllocHealth → DeploymentStatusUpdate. A story that finds nothing to do returns
 * without committing.
 */
import { rfc3339Nano } from '../../http/go-time.ts';
import type { AllocSpec } from '../build-alloc.ts';
import { buildJob, type JobSpec } from '../build-job.ts';
import { buildNode, hash32 } from '../build-node.ts';
import { jobVersionKey } from '../store.ts';
import type { ACLPolicyWire, ACLRoleWire, ACLTokenRecord, JobWire, NodeRecord } from '../wire.ts';
import { putJob } from '../writes.ts';
import {
  commitAllocs,
  currentJob,
  deploymentOf,
  deregisterServices,
  jobKey,
  newEval,
  nowNanos,
  planAllocs,
  putEval,
  registerServices,
  workloadSpec,
  writeAllocs,
  type ScenarioContext,
  type ScenarioState,
  type SimNode,
  type Workload,
} from './workloads.ts';

export type Story = Generator<void, void, void>;

const live = (w: Workload): AllocSpec[] =>
  w.allocs.filter((a) => a.desiredStatus === 'run' && (a.clientStatus === 'pending' || a.clientStatus === 'running'));

/** Registers (or re-registers) a job from `spec` and takes it to running, as a scheduler would. */
export function* deployNew(ctx: ScenarioContext, state: ScenarioState, spec: JobSpec): Story {
  const { store, rng } = ctx;
  const w: Workload = {
    namespace: spec.namespace,
    id: spec.id,
    type: spec.type === 'batch' ? 'batch' : 'service',
    allocs: [],
    deploymentId: undefined,
    busy: true,
    doneAtStep: undefined,
  };
  state.workloads.push(w);
  const evalId = rng.uuid();
  let job!: JobWire;
  const existing = store.get('jobs', jobKey(w));
  store.commit('JobRegistered', (txn) => {
    job = buildJob(spec, {
      index: txn.index,
      createIndex: existing?.CreateIndex ?? txn.index,
      version: existing ? existing.Version + 1 : 0,
      submitTimeNanos: nowNanos(ctx),
      status: 'pending',
    });
    putJob(txn, job);
    putEval(txn, newEval(ctx, job, txn, 'job-register', 'pending', { id: evalId }));
  });
  yield;
  const deploymentId = w.type === 'service' ? rng.uuid() : undefined;
  const { specs, queued } = planAllocs(ctx, job, evalId, { deploymentId });
  w.allocs = specs;
  w.deploymentId = specs.length > 0 ? deploymentId : undefined;
  const desired = specs.length;
  store.commit('PlanResult', (txn) => {
    writeAllocs(ctx, txn, specs);
    if (w.deploymentId) {
      const d = deploymentOf(ctx, job, w.deploymentId, txn, {
        status: 'running',
        description: 'Deployment is running',
        desired,
        placed: desired,
        healthy: 0,
      });
      txn.put('deployment', w.deploymentId, d);
    }
  });
  yield;
  store.commit('EvaluationUpdated', (txn) => {
    const current = txn.get('evals', evalId)!;
    putEval(txn, {
      ...newEval(ctx, job, txn, 'job-register', 'complete', {
        id: evalId,
        createIndex: current.CreateIndex,
        queued,
        ...(w.deploymentId ? { deploymentId: w.deploymentId } : {}),
      }),
    });
  });
  yield;
  for (const a of specs) {
    commitAllocs(ctx, 'AllocationUpdated', [a], { clientStatus: 'running', tasks: 'running' });
    yield;
  }
  if (w.type === 'service' && specs.length > 0) {
    registerServices(ctx, specs);
    yield;
  }
  if (w.deploymentId) yield* settleDeployment(ctx, w, job, specs, desired);
  w.busy = false;
}

/** Health for `allocs`, then the deployment completing and the job version becoming stable. */
function* settleDeployment(
  ctx: ScenarioContext,
  w: Workload,
  job: JobWire,
  allocs: AllocSpec[],
  desired: number,
  canaries?: string[],
): Story {
  const id = w.deploymentId!;
  commitAllocs(
    ctx,
    'DeploymentAllocHealth',
    allocs,
    { health: { healthy: true, canary: false, atMs: ctx.now() } },
    (txn) =>
      txn.put(
        'deployment',
        id,
        deploymentOf(ctx, job, id, txn, {
          status: 'running',
          description: 'Deployment is running',
          desired,
          placed: desired,
          healthy: desired,
          ...(canaries ? { canaries, promoted: true } : {}),
        }),
      ),
  );
  yield;
  ctx.store.commit('DeploymentStatusUpdate', (txn) => {
    txn.put(
      'deployment',
      id,
      deploymentOf(ctx, job, id, txn, {
        status: 'successful',
        description: 'Deployment completed successfully',
        desired,
        placed: desired,
        healthy: desired,
        ...(canaries ? { canaries, promoted: true } : {}),
      }),
    );
    const current = txn.get('jobs', jobKey(w));
    if (current) putJob(txn, { ...current, Stable: true, ModifyIndex: txn.index });
  });
  yield;
}

/** A batch job's run: its allocation finishes, or fails and is rescheduled once. */
export function* finishBatch(ctx: ScenarioContext, w: Workload): Story {
  w.busy = true;
  const job = currentJob(ctx, w);
  const running = live(w).filter((a) => a.clientStatus === 'running');
  if (!job || running.length === 0) {
    w.busy = false;
    return;
  }
  const fails = ctx.rng.next() < 0.3;
  commitAllocs(
    ctx,
    'AllocationUpdated',
    running,
    fails ? { clientStatus: 'failed', tasks: 'failed' } : { clientStatus: 'complete', tasks: 'complete' },
  );
  yield;
  if (fails) {
    const failed = running[0]!;
    const evalId = ctx.rng.uuid();
    ctx.store.commit('EvaluationUpdated', (txn) =>
      putEval(txn, newEval(ctx, job, txn, 'alloc-failure', 'pending', { id: evalId })),
    );
    yield;
    const replacement: AllocSpec = {
      ...failed,
      id: ctx.rng.uuid(),
      evalId,
      clientStatus: 'pending',
      desiredStatus: 'run',
      tasks: 'pending',
      createMs: ctx.now(),
      createIndex: 0,
      previousAllocation: failed.id,
    };
    ctx.store.commit('PlanResult', (txn) => {
      writeAllocs(ctx, txn, [failed], { nextAllocation: replacement.id, followupEvalId: evalId });
      writeAllocs(ctx, txn, [replacement]);
    });
    w.allocs.push(replacement);
    yield;
    ctx.store.commit('EvaluationUpdated', (txn) => {
      const current = txn.get('evals', evalId)!;
      putEval(
        txn,
        newEval(ctx, job, txn, 'alloc-failure', 'complete', { id: evalId, createIndex: current.CreateIndex }),
      );
    });
    yield;
    commitAllocs(ctx, 'AllocationUpdated', [replacement], { clientStatus: 'running', tasks: 'running' });
    yield;
    commitAllocs(ctx, 'AllocationUpdated', [replacement], { clientStatus: 'complete', tasks: 'complete' });
    yield;
  }
  w.doneAtStep = ctx.step;
  w.busy = false;
}

/** A new job version rolled out with one canary, promoted once healthy. */
export function* canaryUpdate(ctx: ScenarioContext, w: Workload): Story {
  const { store, rng } = ctx;
  const old = currentJob(ctx, w);
  const previous = live(w);
  if (!old || previous.length === 0) return;
  w.busy = true;
  const evalId = rng.uuid();
  let job!: JobWire;
  store.commit('JobRegistered', (txn) => {
    const group = old.TaskGroups![0]!;
    const task = group.Tasks[0]!;
    const image = `registry.internal/web:1.${rng.int(10, 99)}`;
    job = {
      ...old,
      Version: old.Version + 1,
      JobModifyIndex: txn.index,
      ModifyIndex: txn.index,
      SubmitTime: nowNanos(ctx),
      Stable: false,
      TaskGroups: [{ ...group, Tasks: [{ ...task, Config: { ...task.Config, image } }] }],
    };
    putJob(txn, job);
    putEval(txn, newEval(ctx, job, txn, 'job-register', 'pending', { id: evalId }));
  });
  yield;
  const deploymentId = rng.uuid();
  w.deploymentId = deploymentId;
  const { specs } = planAllocs(ctx, job, evalId, { deploymentId, limit: 1, canary: true });
  const canary = specs[0];
  if (!canary) {
    w.busy = false;
    return;
  }
  const desired = previous.length;
  store.commit('PlanResult', (txn) => {
    writeAllocs(ctx, txn, [canary]);
    txn.put(
      'deployment',
      deploymentId,
      deploymentOf(ctx, job, deploymentId, txn, {
        status: 'running',
        description: 'Deployment is running but requires manual promotion',
        desired,
        placed: 1,
        healthy: 0,
        canaries: [canary.id],
      }),
    );
  });
  yield;
  store.commit('EvaluationUpdated', (txn) => {
    const current = txn.get('evals', evalId)!;
    putEval(
      txn,
      newEval(ctx, job, txn, 'job-register', 'complete', {
        id: evalId,
        createIndex: current.CreateIndex,
        deploymentId,
      }),
    );
  });
  yield;
  commitAllocs(ctx, 'AllocationUpdated', [canary], { clientStatus: 'running', tasks: 'running' });
  yield;
  registerServices(ctx, [canary]);
  yield;
  commitAllocs(
    ctx,
    'DeploymentAllocHealth',
    [canary],
    { health: { healthy: true, canary: true, atMs: ctx.now() } },
    (txn) =>
      txn.put(
        'deployment',
        deploymentId,
        deploymentOf(ctx, job, deploymentId, txn, {
          status: 'running',
          description: 'Deployment is running but requires manual promotion',
          desired,
          placed: 1,
          healthy: 1,
          canaries: [canary.id],
        }),
      ),
  );
  yield;
  const promoteEval = rng.uuid();
  store.commit('DeploymentPromotion', (txn) => {
    txn.put(
      'deployment',
      deploymentId,
      deploymentOf(ctx, job, deploymentId, txn, {
        status: 'running',
        description: 'Deployment is running',
        desired,
        placed: 1,
        healthy: 1,
        canaries: [canary.id],
        promoted: true,
      }),
    );
    putEval(txn, newEval(ctx, job, txn, 'deployment-watcher', 'pending', { id: promoteEval, deploymentId }));
  });
  yield;
  // The rest of the old version is replaced: old allocations stopped, new ones placed.
  const rest = previous.slice(1).map((p): AllocSpec => ({
    ...p,
    id: rng.uuid(),
    evalId: promoteEval,
    job,
    clientStatus: 'pending',
    desiredStatus: 'run',
    tasks: 'pending',
    createMs: ctx.now(),
    createIndex: 0,
    deploymentId,
    previousAllocation: p.id,
  }));
  store.commit('PlanResult', (txn) => {
    writeAllocs(ctx, txn, previous, {
      desiredStatus: 'stop',
      desiredDescription: 'alloc is being updated due to job update',
    });
    writeAllocs(ctx, txn, rest);
  });
  yield;
  if (deregisterServices(ctx, previous)) yield;
  commitAllocs(ctx, 'AllocationUpdated', previous, { clientStatus: 'complete', tasks: 'killed' });
  yield;
  if (rest.length > 0) {
    commitAllocs(ctx, 'AllocationUpdated', rest, { clientStatus: 'running', tasks: 'running' });
    yield;
    registerServices(ctx, rest);
    yield;
  }
  store.commit('EvaluationUpdated', (txn) => {
    const current = txn.get('evals', promoteEval)!;
    putEval(
      txn,
      newEval(ctx, job, txn, 'deployment-watcher', 'complete', {
        id: promoteEval,
        createIndex: current.CreateIndex,
        deploymentId,
      }),
    );
  });
  yield;
  w.allocs = [canary, ...rest];
  yield* settleDeployment(ctx, w, job, rest, desired, [canary.id]);
  w.busy = false;
}

/** A task crashes and is restarted in place by the client. */
export function* restartTask(ctx: ScenarioContext, w: Workload): Story {
  const running = live(w).filter((a) => a.clientStatus === 'running');
  if (running.length === 0) return;
  commitAllocs(ctx, 'AllocationUpdated', [ctx.rng.pick(running)], { tasks: 'restarted' });
  yield;
}

/** An operator stops one allocation (`nomad alloc stop`); the scheduler replaces it. */
export function* stopAndReplace(ctx: ScenarioContext, w: Workload): Story {
  const job = currentJob(ctx, w);
  const running = live(w).filter((a) => a.clientStatus === 'running');
  if (!job || running.length === 0 || w.type !== 'service') return;
  w.busy = true;
  const victim = ctx.rng.pick(running);
  const evalId = ctx.rng.uuid();
  commitAllocs(
    ctx,
    'AllocationUpdateDesiredStatus',
    [victim],
    { desiredStatus: 'stop', desiredDescription: 'alloc was stopped by user' },
    (txn) => putEval(txn, newEval(ctx, job, txn, 'alloc-stop', 'pending', { id: evalId })),
  );
  yield;
  if (deregisterServices(ctx, [victim])) yield;
  commitAllocs(ctx, 'AllocationUpdated', [victim], { clientStatus: 'complete', tasks: 'killed' });
  yield;
  const replacement: AllocSpec = {
    ...victim,
    id: ctx.rng.uuid(),
    evalId,
    job,
    clientStatus: 'pending',
    desiredStatus: 'run',
    desiredDescription: '',
    tasks: 'pending',
    createMs: ctx.now(),
    createIndex: 0,
    previousAllocation: victim.id,
  };
  delete replacement.health;
  ctx.store.commit('PlanResult', (txn) => writeAllocs(ctx, txn, [replacement]));
  w.allocs.push(replacement);
  yield;
  ctx.store.commit('EvaluationUpdated', (txn) => {
    const current = txn.get('evals', evalId)!;
    putEval(txn, newEval(ctx, job, txn, 'alloc-stop', 'complete', { id: evalId, createIndex: current.CreateIndex }));
  });
  yield;
  commitAllocs(ctx, 'AllocationUpdated', [replacement], { clientStatus: 'running', tasks: 'running' });
  yield;
  registerServices(ctx, [replacement]);
  yield;
  w.allocs = w.allocs.filter((a) => a !== victim);
  w.busy = false;
}

/** `nomad job stop`: the job is deregistered (kept, Stop=true) and its allocations wind down. */
export function* stopJob(ctx: ScenarioContext, w: Workload): Story {
  const job = currentJob(ctx, w);
  if (!job || job.Stop) return;
  w.busy = true;
  const evalId = ctx.rng.uuid();
  let stopped!: JobWire;
  ctx.store.commit('JobDeregistered', (txn) => {
    stopped = { ...job, Stop: true, ModifyIndex: txn.index, JobModifyIndex: txn.index };
    putJob(txn, stopped);
    putEval(txn, newEval(ctx, stopped, txn, 'job-deregister', 'pending', { id: evalId }));
  });
  yield;
  const running = live(w);
  commitAllocs(ctx, 'PlanResult', running, {
    desiredStatus: 'stop',
    desiredDescription: 'alloc not needed due to job update',
  });
  if (running.length > 0) yield;
  ctx.store.commit('EvaluationUpdated', (txn) => {
    const current = txn.get('evals', evalId)!;
    putEval(
      txn,
      newEval(ctx, stopped, txn, 'job-deregister', 'complete', { id: evalId, createIndex: current.CreateIndex }),
    );
  });
  yield;
  const stillUp = running.filter((a) => a.clientStatus === 'running' || a.clientStatus === 'pending');
  if (deregisterServices(ctx, stillUp)) yield;
  commitAllocs(ctx, 'AllocationUpdated', stillUp, { clientStatus: 'complete', tasks: 'killed' });
  if (stillUp.length > 0) yield;
  w.doneAtStep = ctx.step;
  w.busy = false;
}

/** Core GC: a finished job is purged (JobBatchDeregistered); its evals, allocs and deployments go silently. */
export function* collectGarbage(ctx: ScenarioContext, state: ScenarioState, w: Workload): Story {
  const job = currentJob(ctx, w);
  state.workloads = state.workloads.filter((x) => x !== w);
  if (!job) return;
  ctx.store.commit('JobBatchDeregistered', (txn) => {
    txn.delete('jobs', jobKey(w));
    txn.delete('job_summary', jobKey(w));
    for (let v = 0; v <= job.Version; v++) txn.delete('job_version', jobVersionKey(w.namespace, w.id, v));
    for (const a of txn.list('allocs')) if (a.Namespace === w.namespace && a.JobID === w.id) txn.delete('allocs', a.ID);
    for (const e of txn.list('evals')) if (e.Namespace === w.namespace && e.JobID === w.id) txn.delete('evals', e.ID);
    for (const d of txn.list('deployment'))
      if (d.Namespace === w.namespace && d.JobID === w.id) txn.delete('deployment', d.ID);
  });
  yield;
}

const SIM_NODE_NAMES = ['dc3-edge-01', 'dc3-edge-02', 'dc3-edge-03'];

function nodeEvent(ctx: ScenarioContext, index: number, message: string, subsystem = 'Cluster') {
  return {
    CreateIndex: index,
    Details: null,
    Message: message,
    Subsystem: subsystem,
    Timestamp: rfc3339Nano(ctx.now()),
  };
}

function withEvent(ctx: ScenarioContext, node: NodeRecord, index: number, message: string, patch: Partial<NodeRecord>) {
  // Nomad keeps the last 10 node events.
  const events = [...(node.Events ?? []), nodeEvent(ctx, index, message)].slice(-10);
  return { ...node, ...patch, Events: events, ModifyIndex: index, StatusUpdatedAt: Math.floor(ctx.now() / 1000) };
}

/**
 * An edge node's life in its own datacenter (no job targets dc3, so nothing has to
 * migrate): it registers, reports a node event, is drained, made eligible again, and
 * eventually leaves the cluster.
 */
export function* nodeLifecycle(ctx: ScenarioContext, state: ScenarioState): Story {
  const { store, rng } = ctx;
  const free = SIM_NODE_NAMES.find((n) => !state.nodes.some((s) => s.name === n));
  // The last edge node stays, so node activity never dries up.
  const idle =
    state.nodes.length > 1 ? state.nodes.find((n) => !n.busy && ctx.step - n.registeredAtStep > 40) : undefined;
  if (!free && !idle) return;
  if (idle) {
    idle.busy = true;
    state.nodes = state.nodes.filter((n) => n !== idle);
    store.commit('NodeDeregistration', (txn) => txn.delete('nodes', idle.id));
    yield;
    return;
  }
  const sim: SimNode = { id: rng.uuid(), name: free!, busy: true, registeredAtStep: ctx.step };
  state.nodes.push(sim);
  store.commit('NodeRegistration', (txn) => {
    txn.put(
      'nodes',
      sim.id,
      buildNode({
        id: sim.id,
        name: sim.name,
        datacenter: 'dc3',
        ip: `10.0.3.${rng.int(10, 250)}`,
        nodeClass: 'edge',
        status: 'initializing',
        eligibility: 'eligible',
        cores: 4,
        mhzPerCore: 2400,
        memoryMB: 8192,
        diskMB: 51_200,
        drivers: ['docker', 'exec'],
        meta: { env: 'edge', rack: 'e1' },
        instanceId: `i-0${rng.hex(16)}`,
        registeredMs: ctx.now(),
        statusChangedMs: ctx.now(),
        createIndex: txn.index,
        modifyIndex: txn.index,
      }),
    );
  });
  yield;
  const update = (type: Parameters<typeof store.commit>[0], message: string, patch: Partial<NodeRecord>) =>
    store.commit(type, (txn) => {
      const node = txn.get('nodes', sim.id);
      if (node) txn.put('nodes', sim.id, withEvent(ctx, node, txn.index, message, patch));
    });
  update('NodeStreamEvent', 'Node heartbeat received, marking node ready', { Status: 'ready', StatusDescription: '' });
  yield;
  update('NodeDrain', 'Node drain strategy set', {
    SchedulingEligibility: 'ineligible',
    DrainStrategy: {
      Deadline: 3_600_000_000_000,
      ForceDeadline: rfc3339Nano(ctx.now() + 3_600_000),
      IgnoreSystemJobs: false,
      StartedAt: rfc3339Nano(ctx.now()),
    },
  });
  yield;
  update('NodeDrain', 'Node drain complete', { DrainStrategy: null });
  yield;
  update('NodeEligibility', 'Node marked as eligible for scheduling', { SchedulingEligibility: 'eligible' });
  yield;
  sim.busy = false;
}

const DRIVER_NOTES = [
  'Driver docker: Healthy',
  'Driver exec: Healthy',
  'Node heartbeat received late, 1.2s after TTL',
  'Node fingerprint updated: 2 attributes changed',
];

/**
 * The small talk of a node's life: status flaps when a heartbeat is missed and the node
 * re-registers, and client-reported node events (Type `NodeStreamEvent`).
 */
export function* nodeChatter(ctx: ScenarioContext, state: ScenarioState): Story {
  const idle = state.nodes.filter((n) => !n.busy);
  if (idle.length === 0) return;
  const sim = ctx.rng.pick(idle);
  const node = ctx.store.get('nodes', sim.id);
  if (!node) return;
  sim.busy = true;
  const [message, patch]: [string, Partial<NodeRecord>] =
    node.Status === 'down'
      ? ['Node reregistered by heartbeat', { Status: 'ready', StatusDescription: '' }]
      : ctx.rng.next() < 0.25
        ? ['Node heartbeat missed', { Status: 'down', StatusDescription: 'node heartbeat missed' }]
        : [ctx.rng.pick(DRIVER_NOTES), {}];
  ctx.store.commit('NodeStreamEvent', (txn) => {
    const current = txn.get('nodes', sim.id);
    if (current) txn.put('nodes', sim.id, withEvent(ctx, current, txn.index, message, patch));
  });
  sim.busy = false;
  yield;
}

/** ACL churn (only with ACLs on): a policy, a token and a role come and go. */
export function* aclChurn(ctx: ScenarioContext, state: ScenarioState): Story {
  if (!ctx.acl) return;
  const { store, rng } = ctx;
  const n = ++state.aclSets;
  const policyName = `ci-deployer-${n}`;
  const roleId = rng.uuid();
  const accessorId = rng.uuid();
  store.commit('ACLPolicyUpserted', (txn) => {
    const policy: ACLPolicyWire = {
      CreateIndex: txn.index,
      Description: 'CI pipeline: submit jobs to staging',
      Hash: hash32(policyName, String(txn.index)),
      JobACL: null,
      ModifyIndex: txn.index,
      Name: policyName,
      Rules: 'namespace "staging" {\n  policy = "write"\n}\n',
      RulesJSON: null,
    };
    txn.put('acl_policy', policyName, policy);
  });
  yield;
  store.commit('ACLRoleUpserted', (txn) => {
    const role: ACLRoleWire = {
      CreateIndex: txn.index,
      Description: 'CI deployers',
      Hash: hash32(roleId),
      ID: roleId,
      ModifyIndex: txn.index,
      Name: `ci-deployers-${n}`,
      Policies: [{ Name: policyName }],
    };
    txn.put('acl_role', roleId, role);
  });
  yield;
  store.commit('ACLTokenUpserted', (txn) => {
    const token: ACLTokenRecord = {
      AccessorID: accessorId,
      SecretID: rng.uuid(),
      Name: `ci-pipeline-${n}`,
      Type: 'client',
      Policies: null,
      Roles: [{ ID: roleId, Name: `ci-deployers-${n}` }],
      Global: false,
      Hash: hash32(accessorId),
      CreateTime: rfc3339Nano(ctx.now()),
      ExpirationTime: undefined,
      ExpirationTTLNanos: 0n,
      CreateIndex: txn.index,
      ModifyIndex: txn.index,
    };
    txn.put('acl_token', accessorId, token);
  });
  yield;
  store.commit('ACLTokenDeleted', (txn) => txn.delete('acl_token', accessorId));
  yield;
  store.commit('ACLRoleDeleted', (txn) => txn.delete('acl_role', roleId));
  yield;
  store.commit('ACLPolicyDeleted', (txn) => txn.delete('acl_policy', policyName));
  yield;
}

export function newServiceStory(ctx: ScenarioContext, state: ScenarioState): Story {
  return deployNew(ctx, state, workloadSpec(ctx, 'service', pickNamespace(ctx)));
}

export function newBatchStory(ctx: ScenarioContext, state: ScenarioState): Story {
  return deployNew(ctx, state, workloadSpec(ctx, 'batch', pickNamespace(ctx)));
}

function pickNamespace(ctx: ScenarioContext): string {
  const names = ['default', 'default', 'prod', 'staging'].filter((n) => ctx.store.get('namespaces', n));
  return names.length > 0 ? ctx.rng.pick(names) : 'default';
}

/** A job registered through the emit control route: one group of one allocation. */
export function emitJobStory(
  ctx: ScenarioContext,
  state: ScenarioState,
  id: string,
  namespace: string,
  type: 'service' | 'batch',
): Story {
  const spec = workloadSpec(ctx, type, namespace);
  spec.id = id;
  spec.groups[0]!.count = 1;
  return deployNew(ctx, state, spec);
}
