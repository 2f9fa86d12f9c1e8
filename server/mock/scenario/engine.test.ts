import { afterEach, describe, expect, it } from 'vitest';
import type { AllocationWire } from '../wire.ts';
import { FakeTimers } from '../events/fake-timers.ts';
import { batches, openStream } from '../events/stream-client.ts';
import { createRuntime } from '../runtime.ts';
import type { RaftType } from '../store.ts';
import { FIXED_NOW, startMock, type Harness } from '../test-harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The commits `steps` scenario steps make, as "Type Topic:Key…" lines (IDs included). */
function trace(seed: number, steps: number, acl = true): string[] {
  const rt = createRuntime({ seed, acl, now: () => FIXED_NOW });
  const out: string[] = [];
  rt.store.subscribe((c) => out.push(`${c.index} ${c.type} ${c.changes.map((x) => `${x.table}:${x.key}`).join(',')}`));
  rt.scenario.runSteps(steps);
  void rt.cluster.close();
  return out;
}

describe('scenario engine', () => {
  it('is deterministic per seed, and another seed gives another story', () => {
    const a = trace(1, 300);
    expect(a.length).toBeGreaterThan(250);
    expect(trace(1, 300)).toEqual(a);
    expect(trace(2, 300)).not.toEqual(a);
  });

  it('produces every kind of activity the timeline needs within a few minutes of demo', () => {
    const rt = createRuntime({ acl: true, now: () => FIXED_NOW });
    const types = new Set<RaftType>();
    const topics = new Set<string>();
    rt.store.subscribe((c) => types.add(c.type));
    rt.scenario.runSteps(600);
    const all = rt.broker.published(0, { topics: new Map([['*', ['*']]]), namespaces: undefined }, 1e6);
    all.batches.forEach((b) => b.Events.forEach((e) => topics.add(e.Topic)));
    // Services come and go with their allocations, never through another operation (GC).
    const serviceTypes = new Set(
      all.batches.flatMap((b) => b.Events.filter((e) => e.Topic === 'Service').map((e) => e.Type)),
    );
    expect([...serviceTypes].sort()).toEqual(['ServiceDeregistration', 'ServiceRegistration']);
    for (const svc of rt.store.list('service_registrations')) {
      expect(rt.store.get('allocs', svc.AllocID)?.ClientStatus, svc.ID).toBe('running');
    }
    void rt.cluster.close();
    for (const t of [
      'JobRegistered',
      'PlanResult',
      'EvaluationUpdated',
      'AllocationUpdated',
      'AllocationUpdateDesiredStatus',
      'DeploymentAllocHealth',
      'DeploymentPromotion',
      'DeploymentStatusUpdate',
      'JobDeregistered',
      'JobBatchDeregistered',
      'NodeRegistration',
      'NodeStreamEvent',
      'NodeDrain',
      'NodeEligibility',
      'NodeDeregistration',
      'ACLPolicyUpserted',
      'ACLRoleUpserted',
      'ACLTokenUpserted',
      'ACLTokenDeleted',
      'ACLRoleDeleted',
      'ACLPolicyDeleted',
      'ServiceRegistration',
      'ServiceDeregistration',
    ] satisfies RaftType[]) {
      expect(types, t).toContain(t);
    }
    expect([...topics].sort()).toEqual(
      ['ACLPolicy', 'ACLRole', 'ACLToken', 'Allocation', 'Deployment', 'Evaluation', 'Job', 'Node', 'Service'].sort(),
    );
  });

  it('leaves ACL objects alone when ACLs are off', () => {
    expect(trace(1, 400, false).some((line) => / ACL/.test(line))).toBe(false);
  });

  it('the stream and the REST endpoints agree: every allocation’s last event matches GET /v1/allocation/:id', async () => {
    h = await startMock();
    h.runtime.scenario.runSteps(250);
    const { batches: published } = h.runtime.broker.published(
      0,
      { topics: new Map([['Allocation', ['*']]]), namespaces: undefined },
      1e6,
    );
    const last = new Map<string, AllocationWire>();
    for (const b of published) for (const e of b.Events) last.set(e.Key, e.Payload.Allocation as AllocationWire);
    expect(last.size).toBeGreaterThan(10);
    for (const [id, fromStream] of last) {
      const res = await h.get(`/v1/allocation/${id}?namespace=${fromStream.Namespace}`);
      if (res.status === 500 || res.status === 404) {
        // Garbage collected since: the job was purged (GC is silent for allocations).
        const jobRes = await h.get(`/v1/job/${fromStream.JobID}?namespace=${fromStream.Namespace}`);
        expect(jobRes.status).toBe(404);
        continue;
      }
      const rest = (await res.json()) as AllocationWire;
      expect([rest.ClientStatus, rest.DesiredStatus, rest.ModifyIndex]).toEqual([
        fromStream.ClientStatus,
        fromStream.DesiredStatus,
        fromStream.ModifyIndex,
      ]);
    }
  });

  it('is paced by the rate on its clock, and pause/resume stop and restart it', async () => {
    const timers = new FakeTimers();
    h = await startMock({ timers, scenario: true, rate: 4 });
    const steps = async () =>
      ((await (await h!.get('/__mock/scenario')).json()) as { Scenario: { Steps: number; Paused: boolean } }).Scenario;
    const first = (await steps()).Steps;
    timers.advance(1000);
    expect((await steps()).Steps - first).toBe(4);
    await h.post('/__mock/scenario/pause', {});
    timers.advance(5000);
    expect(await steps()).toMatchObject({ Steps: first + 4, Paused: true });
    await h.post('/__mock/scenario/resume', {});
    timers.advance(500);
    expect(await steps()).toMatchObject({ Steps: first + 6, Paused: false });
  });

  it('puts recent history after the seed so that ?index=100&topic=Evaluation starts inside the buffer', async () => {
    h = await startMock({ history: true });
    expect(h.runtime.store.index).toBeGreaterThan(100);
    const s = await openStream(h.base, '/v1/event/stream?index=100&topic=Evaluation&namespace=*');
    await s.until((l) => batches(l).length >= 3);
    s.close();
    const got = batches(s.lines);
    expect(got[0]!.Index).toBeGreaterThanOrEqual(100);
    expect(got.every((b) => b.Events.every((e) => e.Topic === 'Evaluation'))).toBe(true);
  });
});

describe('reset', () => {
  it('POST /__mock/reset removes the scenario’s jobs and starts its story again from the seed', async () => {
    h = await startMock();
    h.runtime.scenario.runSteps(120);
    const before = h.runtime.scenario.snapshot();
    expect(before.Jobs.length).toBeGreaterThan(0);
    const firstJob = before.Jobs[0]!;
    expect((await h.post('/__mock/reset', {})).status).toBe(200);
    expect(h.runtime.scenario.snapshot()).toMatchObject({ Steps: 0, Jobs: [], Active: 0 });
    expect((await h.get(`/v1/job/${firstJob.ID}?namespace=${firstJob.Namespace}`)).status).toBe(404);
    h.runtime.scenario.runSteps(120);
    // Same seed, same story: the same jobs come back under the same names.
    expect(h.runtime.scenario.snapshot().Jobs).toEqual(before.Jobs);
  });
});

describe('POST /__mock/events/emit', () => {
  it('refuses bad bodies with a clear 400 and changes nothing', async () => {
    h = await startMock();
    const before = h.runtime.store.index;
    for (const [body, text] of [
      [{}, 'Request body needs "Job"'],
      [{ count: 0 }, 'count must be a whole number'],
      [{ Job: { ID: 'bad id' } }, 'Job.ID must be'],
      [{ Job: { ID: 'x', Namespace: 'nope' } }, 'namespace "nope" does not exist'],
      [{ Job: { ID: 'x', Type: 'system' } }, 'Job.Type must be'],
    ] as const) {
      const res = await h.post('/__mock/events/emit', body);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(text);
    }
    expect(h.runtime.store.index).toBe(before);
    await h.post('/__mock/events/emit', { Job: { ID: 'once' } });
    const again = await h.post('/__mock/events/emit', { Job: { ID: 'once' } });
    expect(await again.text()).toBe('job "once" already exists in namespace "default"');
  });

  it('registers a job through real writes: REST shows it running with its allocation', async () => {
    h = await startMock();
    const res = await h.post('/__mock/events/emit', { Job: { ID: 'emitted', Namespace: 'staging' } });
    const { FromIndex, Index } = (await res.json()) as { FromIndex: number; Index: number };
    expect(Index).toBeGreaterThan(FromIndex);
    const job = (await (await h.get('/v1/job/emitted?namespace=staging')).json()) as {
      Status: string;
      Stable: boolean;
    };
    expect(job).toMatchObject({ Status: 'running', Stable: true });
    const allocs = (await (await h.get('/v1/job/emitted/allocations?namespace=staging')).json()) as {
      ClientStatus: string;
    }[];
    expect(allocs.map((a) => a.ClientStatus)).toEqual(['running']);
  });
});
