import { describe, expect, it } from 'vitest';
import { encodeNomadJson } from '../http/json.ts';
import { createRuntime } from './runtime.ts';
import { jobVersionKey, nsKey, TABLES, type StateStore } from './store.ts';
import { FIXED_NOW } from './test-harness.ts';
import { isTerminalAlloc } from './views.ts';

function dump(store: StateStore): string {
  const tables = Object.fromEntries(
    TABLES.map((t) => [
      t,
      store
        .list(t)
        .map((row) =>
          'ExpirationTTLNanos' in row ? { ...row, ExpirationTTLNanos: String(row.ExpirationTTLNanos) } : row,
        ),
    ]),
  );
  return encodeNomadJson({ index: store.index, tables });
}

const seeded = (seed: number, acl = false) => createRuntime({ seed, acl, now: () => FIXED_NOW }).store;

describe('the seeded cluster', () => {
  it('is byte-identical for the same seed and clock', () => {
    expect(dump(seeded(1))).toBe(dump(seeded(1)));
    expect(dump(seeded(7, true))).toBe(dump(seeded(7, true)));
  });

  it('differs for another seed (IDs come from the seeded PRNG)', () => {
    const a = seeded(1)
      .list('nodes')
      .map((n) => n.ID);
    const b = seeded(2)
      .list('nodes')
      .map((n) => n.ID);
    expect(a).not.toEqual(b);
    expect(a.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))).toBe(true);
  });

  it('keeps demo token secrets stable for a seed and distinct between tokens', () => {
    const one = createRuntime({ seed: 3, acl: true, now: () => FIXED_NOW }).cluster.tokens;
    const two = createRuntime({ seed: 3, acl: true, now: () => FIXED_NOW + 86_400_000 }).cluster.tokens;
    expect(one.map((t) => t.secretId)).toEqual(two.map((t) => t.secretId));
    expect(new Set(one.map((t) => t.secretId)).size).toBe(one.length);
  });

  it('has the promised shape: namespaces, nodes, jobs of every type, allocs in every status', () => {
    const store = seeded(1);
    expect(store.list('namespaces').map((n) => n.Name)).toEqual(['default', 'prod', 'staging']);
    const nodes = store.list('nodes');
    expect(nodes).toHaveLength(5);
    expect(new Set(nodes.map((n) => n.Datacenter))).toEqual(new Set(['dc1', 'dc2']));
    expect(nodes.filter((n) => n.Status === 'down')).toHaveLength(1);
    expect(nodes.filter((n) => n.SchedulingEligibility === 'ineligible')).toHaveLength(1);
    const jobs = store.list('jobs');
    expect(jobs.length).toBeGreaterThanOrEqual(8);
    expect(new Set(jobs.map((j) => j.Type))).toEqual(new Set(['service', 'batch', 'system', 'sysbatch']));
    expect(new Set(jobs.map((j) => j.Namespace))).toEqual(new Set(['default', 'prod', 'staging']));
    const allocs = store.list('allocs');
    expect(allocs.length).toBeGreaterThanOrEqual(30);
    expect(new Set(allocs.map((a) => a.ClientStatus))).toEqual(
      new Set(['pending', 'running', 'complete', 'failed', 'lost', 'unknown']),
    );
    expect(store.list('deployment').length).toBeGreaterThanOrEqual(2);
  });

  it('has a periodic parent with dated children and a parameterized job with a dispatched child', () => {
    const jobs = seeded(1).list('jobs');
    const periodic = jobs.filter((j) => j.ParentID === 'nightly-report');
    expect(periodic.map((j) => j.ID)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^nightly-report\/periodic-\d{10}$/)]),
    );
    expect(periodic).toHaveLength(3);
    const launches = periodic.map((j) => Number(j.ID.split('-').pop()) * 1000);
    for (const ms of launches) expect(new Date(ms).getUTCHours()).toBe(2);
    const dispatched = jobs.filter((j) => j.ParentID === 'video-transcode');
    expect(dispatched).toHaveLength(1);
    expect(dispatched[0]).toMatchObject({
      Dispatched: true,
      Meta: expect.objectContaining({ input_url: expect.any(String) }),
    });
    expect(dispatched[0]!.ID).toMatch(/^video-transcode\/dispatch-\d{10}-[0-9a-f]{8}$/);
  });

  it('keeps job summaries consistent with the allocations, and parents with their children', () => {
    const store = seeded(1);
    const field = {
      pending: 'Starting',
      running: 'Running',
      complete: 'Complete',
      failed: 'Failed',
      lost: 'Lost',
      unknown: 'Unknown',
    } as const;
    for (const job of store.list('jobs')) {
      const summary = store.get('job_summary', nsKey(job.Namespace, job.ID))!;
      const allocs = store.list('allocs').filter((a) => a.Namespace === job.Namespace && a.JobID === job.ID);
      for (const [group, counts] of Object.entries(summary.Summary)) {
        for (const status of Object.keys(field) as (keyof typeof field)[]) {
          const expected = allocs.filter((a) => a.TaskGroup === group && a.ClientStatus === status).length;
          expect(counts[field[status]], `${job.ID} ${group} ${status}`).toBe(expected);
        }
      }
      const children = store.list('jobs').filter((j) => j.Namespace === job.Namespace && j.ParentID === job.ID);
      expect(summary.Children.Dead + summary.Children.Running + summary.Children.Pending).toBe(children.length);
    }
  });

  it('derives job status from allocations and points every allocation at a stored job version', () => {
    const store = seeded(1);
    for (const job of store.list('jobs')) {
      const allocs = store.list('allocs').filter((a) => a.Namespace === job.Namespace && a.JobID === job.ID);
      if (job.Type !== 'system' && job.Periodic === null && (job.ParameterizedJob === null || job.Dispatched)) {
        expect(job.Status, job.ID).toBe(allocs.some((a) => !isTerminalAlloc(a)) ? 'running' : 'dead');
      }
      for (const a of allocs) {
        expect(store.get('job_version', jobVersionKey(a.Namespace, a.JobID, a.Job.Version)), a.Name).toBeDefined();
        expect(a.Name).toMatch(/^.+\.[a-z-]+\[\d+\]$/);
        expect(a.CreateIndex).toBeLessThanOrEqual(a.ModifyIndex);
      }
    }
  });

  it('stores task states with the client event sequence', () => {
    const allocs = seeded(1).list('allocs');
    const types = new Set(
      allocs.flatMap((a) => Object.values(a.TaskStates ?? {}).flatMap((s) => (s.Events ?? []).map((e) => e.Type))),
    );
    for (const t of [
      'Received',
      'Task Setup',
      'Driver',
      'Started',
      'Terminated',
      'Restarting',
      'Not Restarting',
      'Killing',
      'Killed',
      'Driver Failure',
    ]) {
      expect(types, t).toContain(t);
    }
    const running = allocs.find((a) => a.ClientStatus === 'running')!;
    const state = Object.values(running.TaskStates!)[0]!;
    expect(state.State).toBe('running');
    expect(state.Events![0]).toMatchObject({ Type: 'Received', DisplayMessage: 'Task received by client' });
  });
});
