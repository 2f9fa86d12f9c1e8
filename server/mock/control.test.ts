import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMock, type Harness } from './test-harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startMock({ seed: 1 });
});
afterEach(() => h.close());

interface JobStub {
  ID: string;
  Namespace: string;
  Priority: number;
  Status: string;
  Stop: boolean;
  JobSummary: { Summary: Record<string, { Running: number; Queued: number }> };
}

const indexOf = (res: Response): number => Number(res.headers.get('x-nomad-index'));

describe('GET /__mock/', () => {
  it('lists the control routes with what they do', async () => {
    const body = (await (await h.get('/__mock/')).json()) as {
      Routes: { Path: string; Methods: string[]; Description: string }[];
    };
    const paths = body.Routes.map((r) => `${r.Methods.join(',')} ${r.Path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /__mock/',
        'POST /__mock/reset',
        'GET /__mock/tokens',
        'POST /__mock/job/*id',
        'POST /__mock/jobs',
      ]),
    );
    expect(body.Routes.every((r) => r.Description !== '')).toBe(true);
  });
});

describe('POST /__mock/job/:id', () => {
  it('patches a job through one commit and wakes a blocking job list promptly', async () => {
    const first = await h.get('/v1/jobs');
    const index = indexOf(first);
    const waiting = h.get(`/v1/jobs?index=${index}&wait=5m`);
    await expect.poll(() => h.runtime.store.subscriberCount).toBeGreaterThan(0);
    const patched = await h.post('/__mock/job/api-gateway?namespace=default', {
      Priority: 87,
      Status: 'dead',
      Stop: true,
      Meta: { owner: 'sre' },
    });
    expect(patched.status).toBe(200);
    const { Index, Job } = (await patched.json()) as { Index: number; Job: { Version: number; Meta: unknown } };
    expect(Index).toBe(index + 1);
    expect(Job).toMatchObject({ Version: 4, Meta: { owner: 'sre' } });

    const woken = await waiting;
    expect(indexOf(woken)).toBe(Index);
    const job = ((await woken.json()) as JobStub[]).find((j) => j.ID === 'api-gateway')!;
    expect(job).toMatchObject({ Priority: 87, Status: 'dead', Stop: true });
  });

  it('wakes a blocking read of that job too, and leaves other jobs alone', async () => {
    const res = await h.get('/v1/job/redis-cache');
    const before = indexOf(res);
    const waiting = h.get(`/v1/job/redis-cache?index=${before}`);
    await expect.poll(() => h.runtime.store.subscriberCount).toBeGreaterThan(0);
    await h.post('/__mock/job/redis-cache', { StatusDescription: 'paused for maintenance' });
    const woken = await waiting;
    expect(((await woken.json()) as { StatusDescription: string; Version: number }).StatusDescription).toBe(
      'paused for maintenance',
    );
    expect(indexOf(woken)).toBeGreaterThan(before);
    // Status fields are not a spec change: no new version.
    expect(((await (await h.get('/v1/job/redis-cache')).json()) as { Version: number }).Version).toBe(0);
  });

  it.each([
    [{ ID: 'other' }, 400, 'field "ID" cannot be patched'],
    [{ Priority: 500 }, 400, 'invalid value for field "Priority"'],
    [{ Status: 'sleeping' }, 400, 'invalid value for field "Status"'],
    [[1, 2], 400, 'Request body must be a JSON object of job fields'],
    ['{not json', 400, 'Failed to decode body'],
  ])('refuses %j', async (body, code, message) => {
    const res = await h.post('/__mock/job/api-gateway', body);
    expect(res.status).toBe(code);
    expect(await res.text()).toContain(message);
  });

  it('404s an unknown job or namespace', async () => {
    expect((await h.post('/__mock/job/nope', { Priority: 1 })).status).toBe(404);
    expect((await h.post('/__mock/job/api-gateway?namespace=prod', { Priority: 1 })).status).toBe(404);
  });
});

describe('POST /__mock/jobs', () => {
  it('registers and schedules a service job: running allocations, healthy deployment, complete eval', async () => {
    const res = await h.post('/__mock/jobs', {
      ID: 'e2e-live-job',
      Namespace: 'default',
      Type: 'service',
      TaskGroups: [{ Name: 'app', Count: 2 }],
    });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { EvalID: string; AllocIDs: string[] };
    expect(result.AllocIDs).toHaveLength(2);
    const job = ((await (await h.get('/v1/jobs?prefix=e2e')).json()) as JobStub[])[0]!;
    expect(job).toMatchObject({ ID: 'e2e-live-job', Status: 'running' });
    expect(job.JobSummary.Summary.app).toMatchObject({ Running: 2, Queued: 0 });
    const allocs = (await (await h.get('/v1/job/e2e-live-job/allocations')).json()) as {
      Name: string;
      ClientStatus: string;
      NodeName: string;
    }[];
    expect(allocs.map((a) => a.Name).sort()).toEqual(['e2e-live-job.app[0]', 'e2e-live-job.app[1]']);
    expect(allocs.every((a) => a.ClientStatus === 'running')).toBe(true);
    expect(new Set(allocs.map((a) => a.NodeName)).size).toBe(2);
    const deployment = (await (await h.get('/v1/job/e2e-live-job/deployment')).json()) as { Status: string };
    expect(deployment.Status).toBe('successful');
    const evals = (await (await h.get('/v1/job/e2e-live-job/evaluations')).json()) as { ID: string; Status: string }[];
    expect(evals).toMatchObject([{ ID: result.EvalID, Status: 'complete' }]);
  });

  it('places a system job on every ready, eligible node and replaces allocations on re-registration', async () => {
    await h.post('/__mock/jobs', { ID: 'node-exporter', Type: 'system' });
    const first = (await (await h.get('/v1/job/node-exporter/allocations')).json()) as { ID: string }[];
    expect(first).toHaveLength(3);
    await h.post('/__mock/jobs', { ID: 'node-exporter', Type: 'system' });
    const job = (await (await h.get('/v1/job/node-exporter')).json()) as { Version: number };
    expect(job.Version).toBe(1);
    const all = (await (await h.get('/v1/job/node-exporter/allocations')).json()) as {
      ID: string;
      DesiredStatus: string;
      ClientStatus: string;
    }[];
    const old = all.filter((a) => first.some((f) => f.ID === a.ID));
    expect(old.every((a) => a.DesiredStatus === 'stop' && a.ClientStatus === 'complete')).toBe(true);
    expect(all.filter((a) => a.ClientStatus === 'running')).toHaveLength(3);
  });

  it.each([
    [{}, "Job ID hasn't been provided"],
    [{ ID: 'x', Namespace: 'nowhere' }, 'job "x" is in nonexistent namespace "nowhere"'],
    [{ ID: 'x', Type: 'cron' }, 'Invalid job type: "cron"'],
    [{ ID: 'x', TaskGroups: [{ Count: 1 }] }, 'Task group 1 missing name'],
  ])('refuses %j', async (body, message) => {
    const res = await h.post('/__mock/jobs', body);
    expect([res.status, await res.text()]).toEqual([400, message]);
  });
});

describe('POST /__mock/reset', () => {
  it('goes back to the seed with a higher index, waking blocking queries', async () => {
    const fresh = (await (await h.get('/v1/jobs?namespace=*')).json()) as JobStub[];
    await h.post('/__mock/jobs', { ID: 'temp-job' });
    await h.post('/__mock/job/api-gateway', { Priority: 99 });
    const before = await h.get('/v1/jobs');
    const index = indexOf(before);
    const waiting = h.get(`/v1/jobs?index=${index}`);
    await expect.poll(() => h.runtime.store.subscriberCount).toBeGreaterThan(0);
    const reset = await h.post('/__mock/reset', '');
    expect(reset.status).toBe(200);
    const woken = await waiting;
    expect(indexOf(woken)).toBeGreaterThan(index);
    const after = (await (await h.get('/v1/jobs?namespace=*')).json()) as JobStub[];
    expect(after.map((j) => `${j.Namespace}/${j.ID}/${j.Priority}/${j.Status}`)).toEqual(
      fresh.map((j) => `${j.Namespace}/${j.ID}/${j.Priority}/${j.Status}`),
    );
    // The woken query saw the finished reset, not a half-empty store.
    expect(((await woken.json()) as JobStub[]).map((j) => j.ID)).toEqual(
      fresh.filter((j) => j.Namespace === 'default').map((j) => j.ID),
    );
  });
});

describe('lifecycle of blocking queries', () => {
  it('releases the watcher when the client disconnects', async () => {
    const base = h.runtime.store.subscriberCount;
    const index = indexOf(await h.get('/v1/nodes'));
    const req = request(`${h.base}/v1/nodes?index=${index}&wait=5m`);
    req.on('error', () => {});
    req.end();
    await expect.poll(() => h.runtime.store.subscriberCount).toBe(base + 1);
    req.destroy();
    await expect.poll(() => h.runtime.store.subscriberCount).toBe(base);
  });

  it('answers pending blocking queries when the cluster closes', async () => {
    const index = indexOf(await h.get('/v1/namespaces'));
    const waiting = h.get(`/v1/namespaces?index=${index}&wait=5m`);
    await expect.poll(() => h.runtime.store.subscriberCount).toBeGreaterThan(0);
    await h.runtime.cluster.close();
    const res = await waiting;
    expect(res.status).toBe(200);
    expect(indexOf(res)).toBe(index);
  });
});
