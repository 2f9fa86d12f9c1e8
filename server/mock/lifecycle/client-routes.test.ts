import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretOf, startMock, type Harness } from '../test-harness.ts';
import type { AllocationWire } from '../wire.ts';

let h: Harness;
let acl: Harness;
let clock = Date.parse('2025-11-21T12:00:00Z');

beforeAll(async () => {
  h = await startMock({ seed: 1, lifecycleDelayMs: 5, now: () => clock });
  acl = await startMock({ seed: 1, acl: true, lifecycleDelayMs: 5 });
});
afterAll(async () => {
  await h.close();
  await acl.close();
});

const text = async (res: Response) => [res.status, await res.text()] as const;
const as = (secret: string) => ({ 'X-Nomad-Token': secret });
const send = (x: Harness, method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
  fetch(x.base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
const readyNodes = (x: Harness) =>
  new Set(
    x.runtime.store
      .list('nodes')
      .filter((n) => n.Status === 'ready')
      .map((n) => n.ID),
  );
const find = (x: Harness, pred: (a: AllocationWire) => boolean): AllocationWire => {
  const a = x.runtime.store.list('allocs').find(pred);
  if (!a) throw new Error('no such seeded allocation');
  return a;
};
const running = (x: Harness, ns = 'default') =>
  find(
    x,
    (a) =>
      a.Namespace === ns &&
      a.ClientStatus === 'running' &&
      a.DesiredStatus === 'run' &&
      readyNodes(x).has(a.NodeID) &&
      Object.values(a.TaskStates ?? {}).every((s) => s.State === 'running'),
  );
const terminal = (x: Harness) =>
  find(x, (a) => (a.ClientStatus === 'complete' || a.ClientStatus === 'failed') && readyNodes(x).has(a.NodeID));
const current = (x: Harness, id: string) => x.runtime.store.get('allocs', id)!;
const tasksOf = (a: AllocationWire) => Object.keys(a.TaskStates ?? {}).sort();
const lastEvents = (a: AllocationWire, task: string, n: number) =>
  (a.TaskStates![task]!.Events ?? []).slice(-n).map((e) => e.Type);

describe('signal', () => {
  it('needs POST or PUT and a JSON body', async () => {
    const a = running(h);
    const path = `/v1/client/allocation/${a.ID}/signal`;
    expect(await text(await h.get(path))).toEqual([405, 'Invalid method']);
    expect(await text(await send(h, 'POST', path))).toEqual([400, 'Failed to decode body: Request body is empty']);
    expect(await text(await send(h, 'POST', path, '{"Signal": '))).toEqual([
      400,
      'Failed to decode body: unexpected EOF',
    ]);
    expect(await text(await send(h, 'POST', path, 'xyz'))).toEqual([
      400,
      "Failed to decode body: invalid character 'x' looking for beginning of value",
    ]);
    expect(await text(await send(h, 'POST', path, '{"Task": 5}'))).toEqual([
      400,
      'Failed to decode body: json: cannot unmarshal number into Go struct field AllocSignalRequest.Task of type string',
    ]);
  });

  it('signals one task, recording a Signaling event; unknown task and unknown alloc are errors', async () => {
    const a = running(h);
    const task = tasksOf(a)[0]!;
    const path = `/v1/client/allocation/${a.ID}/signal`;
    const ok = await send(h, 'PUT', path, JSON.stringify({ Task: task, Signal: 'SIGHUP' }));
    expect([ok.status, await ok.json()]).toEqual([200, { Index: 0 }]);
    const ev = current(h, a.ID).TaskStates![task]!.Events!.at(-1)!;
    expect(ev).toMatchObject({
      Type: 'Signaling',
      TaskSignal: 'SIGHUP',
      DisplayMessage: 'Task being sent signal SIGHUP',
    });
    expect(current(h, a.ID).ModifyIndex).toBeGreaterThan(a.ModifyIndex);

    expect(await text(await send(h, 'POST', path, '{"Task":"nope","Signal":"SIGHUP"}'))).toEqual([
      500,
      'Task not found',
    ]);
    const unknown = '00000000-0000-0000-0000-000000000000';
    expect(await text(await send(h, 'POST', `/v1/client/allocation/${unknown}/signal`, '{"Signal":"SIGHUP"}'))).toEqual(
      [404, `Unknown allocation "${unknown}"`],
    );
  });

  it('an empty Task signals every task; tasks that do not run are reported as go-multierror text', async () => {
    const a = terminal(h);
    const names = tasksOf(a);
    const [status, body] = await text(
      await send(h, 'POST', `/v1/client/allocation/${a.ID}/signal`, '{"Signal":"SIGUSR1"}'),
    );
    expect(status).toBe(500);
    const head = names.length === 1 ? '1 error occurred:' : `${names.length} errors occurred:`;
    expect(body).toBe(
      `${head}\n\t${names.map((n) => `* Failed to signal task: ${n}, err: Task not running`).join('\n\t')}\n\n`,
    );
  });

  it('needs alloc-lifecycle in the allocation’s namespace', async () => {
    const a = running(acl, 'prod');
    const path = `/v1/client/allocation/${a.ID}/signal`;
    expect(
      await text(await send(acl, 'POST', path, '{"Signal":"SIGHUP"}', as(secretOf(acl, 'prod read-only')))),
    ).toEqual([403, 'Permission denied']);
    const ok = await send(acl, 'POST', path, '{"Signal":"SIGHUP"}', as(secretOf(acl, 'Management Token')));
    expect(ok.status).toBe(200);
  });

  it('cannot reach an allocation on a down node', async () => {
    const down = h.runtime.store.list('nodes').find((n) => n.Status === 'down')!;
    const a = find(h, (x) => x.NodeID === down.ID);
    expect(await text(await send(h, 'POST', `/v1/client/allocation/${a.ID}/signal`, '{"Signal":"SIGHUP"}'))).toEqual([
      404,
      'No path to node',
    ]);
  });
});

describe('restart', () => {
  it('restarts one task: Restart Signaled, Terminated, Restarting, then Started; Restarts grows', async () => {
    // The restarted tasks come back on a timer this test controls.
    const due: (() => void)[] = [];
    const manual = await startMock({
      seed: 1,
      timers: { every: () => () => {}, after: (_ms, fn) => (due.push(fn), () => {}) },
    });
    try {
      await restartScenario(manual, () => due.splice(0).forEach((fn) => fn()));
    } finally {
      await manual.close();
    }
  });

  async function restartScenario(x: Harness, startTasks: () => void): Promise<void> {
    const a = running(x);
    const task = tasksOf(a)[0]!;
    const before = a.TaskStates![task]!.Restarts;
    // Any method restarts, as in Nomad.
    const res = await send(x, 'GET', `/v1/client/allocation/${a.ID}/restart`, undefined);
    expect(res.status).toBe(200);
    const mid = current(x, a.ID);
    expect(lastEvents(mid, task, 3)).toEqual(['Restart Signaled', 'Terminated', 'Restarting']);
    expect(mid.TaskStates![task]).toMatchObject({ State: 'pending', Restarts: before + 1 });
    // getClientStatus: with every task restarting, the allocation is pending until they start.
    expect(mid).toMatchObject({ ClientStatus: 'pending', ClientDescription: 'No tasks have started' });
    expect(mid.TaskStates![task]!.Events!.at(-3)!.DisplayMessage).toBe('User requested running tasks to restart');
    startTasks();
    expect(current(x, a.ID).TaskStates![task]!.State).toBe('running');
    expect(lastEvents(current(x, a.ID), task, 1)).toEqual(['Started']);
    expect(current(x, a.ID).ClientStatus).toBe('running');
  }

  it('restarts a named task with its own reason', async () => {
    const a = running(h, 'prod');
    const task = tasksOf(a)[0]!;
    const res = await h.post(`/v1/client/allocation/${a.ID}/restart`, { TaskName: task });
    expect([res.status, await res.json()]).toEqual([200, { Index: 0 }]);
    const signaled = current(h, a.ID)
      .TaskStates![task]!.Events!.filter((e) => e.Type === 'Restart Signaled')
      .at(-1);
    expect(signaled?.DisplayMessage).toBe('User requested task to restart');
  });

  it('reports Nomad’s errors', async () => {
    const a = running(h);
    const path = `/v1/client/allocation/${a.ID}/restart`;
    expect(await text(await h.post(path, { TaskName: 'web', AllTasks: true }))).toEqual([
      500,
      'task name cannot be set when restarting all tasks',
    ]);
    expect(await text(await h.post(path, { TaskName: 'nope' }))).toEqual([
      500,
      'Could not find task runner for task: nope',
    ]);
    const done = terminal(h);
    expect(await text(await h.post(`/v1/client/allocation/${done.ID}/restart`, { AllTasks: true }))).toEqual([
      500,
      'restart of an alloc that should not run',
    ]);
    expect(
      await text(await h.post(`/v1/client/allocation/${done.ID}/restart`, { TaskName: tasksOf(done)[0] })),
    ).toEqual([500, 'Task not running']);
  });
});

describe('gc and stats of an allocation', () => {
  it('only terminal allocations can be collected; afterwards the client no longer knows them', async () => {
    const live = running(h, 'prod');
    const notEligible = 'No such allocation on client, or allocation not eligible for GC';
    expect(await text(await h.get(`/v1/client/allocation/${live.ID}/gc`))).toEqual([500, notEligible]);
    const done = terminal(h);
    const res = await h.get(`/v1/client/allocation/${done.ID}/gc`);
    expect([res.status, await res.text(), res.headers.get('content-type')]).toEqual([200, '', null]);
    expect(await text(await h.get(`/v1/client/allocation/${done.ID}/gc`))).toEqual([500, notEligible]);
    expect(await text(await h.get(`/v1/client/allocation/${done.ID}/stats`))).toEqual([
      404,
      `Unknown allocation "${done.ID}"`,
    ]);
  });

  it('gc needs submit-job (or gc-allocation); stats need read-job', async () => {
    const a = running(acl, 'prod');
    const ro = as(secretOf(acl, 'prod read-only'));
    expect(await text(await acl.get(`/v1/client/allocation/${a.ID}/gc`, ro))).toEqual([403, 'Permission denied']);
    expect((await acl.get(`/v1/client/allocation/${a.ID}/stats`, ro)).status).toBe(200);
    const other = running(acl, 'default');
    expect(await text(await acl.get(`/v1/client/allocation/${other.ID}/stats`, ro))).toEqual([
      403,
      'Permission denied',
    ]);
  });

  it('stats cover running tasks, move over time and keep a sample per second', async () => {
    const a = running(h);
    const get = async (path = '') =>
      (await (await h.get(`/v1/client/allocation/${a.ID}/stats${path}`)).json()) as {
        ResourceUsage: { CpuStats: { TotalTicks: number; Measured: string[] }; MemoryStats: { RSS: number } };
        Tasks: Record<string, { Timestamp: number; ResourceUsage: { MemoryStats: { RSS: number } } }>;
        Timestamp: number;
      };
    const first = await get();
    expect(Object.keys(first)).toEqual(['ResourceUsage', 'Tasks', 'Timestamp']);
    expect(Object.keys(first.Tasks).sort()).toEqual(tasksOf(a));
    expect(first.Timestamp).toBe(clock * 1_000_000);
    expect(first.ResourceUsage.CpuStats.TotalTicks).toBeGreaterThan(0);
    const rssSum = Object.values(first.Tasks).reduce((s, t) => s + t.ResourceUsage.MemoryStats.RSS, 0);
    expect(first.ResourceUsage.MemoryStats.RSS).toBe(rssSum);
    clock += 400;
    expect(await get()).toEqual(first);
    const series: number[] = [];
    for (let i = 0; i < 20; i++) {
      clock += 3000;
      series.push((await get()).ResourceUsage.CpuStats.TotalTicks);
    }
    expect(new Set(series).size).toBeGreaterThan(10);
    const one = await get(`?task=${tasksOf(a)[0]}`);
    expect(Object.keys(one.Tasks)).toEqual([tasksOf(a)[0]]);
    expect(await get('?task=nope')).toMatchObject({ Tasks: {}, Timestamp: 0 });
  });

  it('checks: an empty result set (no Nomad service checks), read-job required', async () => {
    const a = running(acl, 'prod');
    const ok = await acl.get(`/v1/client/allocation/${a.ID}/checks`, as(secretOf(acl, 'prod read-only')));
    expect([ok.status, await ok.json()]).toEqual([200, {}]);
    expect(await text(await acl.get(`/v1/client/allocation/${a.ID}/checks`, as(secretOf(acl, 'node reader'))))).toEqual(
      [403, 'Permission denied'],
    );
  });

  it('a pending or finished allocation reports no task usage', async () => {
    const done = h.runtime.store
      .list('allocs')
      .findLast((x) => x.ClientStatus === 'failed' && readyNodes(h).has(x.NodeID))!;
    const stats = (await (await h.get(`/v1/client/allocation/${done.ID}/stats`)).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({ Tasks: {}, Timestamp: 0, ResourceUsage: { CpuStats: { TotalTicks: 0 } } });
  });
});

describe('host stats and node gc', () => {
  it('need a node_id, a known and connected node, and node read / write', async () => {
    expect(await text(await h.get('/v1/client/stats'))).toEqual([400, 'No local Node and node_id not provided']);
    expect(await text(await h.get('/v1/client/gc'))).toEqual([400, 'No local Node and node_id not provided']);
    expect(await text(await h.get('/v1/client/stats?node_id=nope'))).toEqual([404, 'Unknown node nope']);
    const down = h.runtime.store.list('nodes').find((n) => n.Status === 'down')!;
    expect(await text(await h.get(`/v1/client/stats?node_id=${down.ID}`))).toEqual([404, 'No path to node']);
    const node = acl.runtime.store.list('nodes').find((n) => n.Status === 'ready')!;
    const reader = as(secretOf(acl, 'node reader'));
    expect((await acl.get(`/v1/client/stats?node_id=${node.ID}`, reader)).status).toBe(200);
    expect(await text(await acl.get(`/v1/client/gc?node_id=${node.ID}`, reader))).toEqual([403, 'Permission denied']);
    expect(
      await text(await acl.get(`/v1/client/stats?node_id=${node.ID}`, as(secretOf(acl, 'prod read-only')))),
    ).toEqual([403, 'Permission denied']);
    const gc = await acl.get(`/v1/client/gc?node_id=${node.ID}`, as(secretOf(acl, 'Management Token')));
    expect([gc.status, await gc.text()]).toEqual([200, '']);
  });

  it('reports one CPU entry per core, memory within the machine and the disks', async () => {
    const node = h.runtime.store.list('nodes').find((n) => n.Status === 'ready')!;
    const stats = (await (await h.get(`/v1/client/stats?node_id=${node.ID}`)).json()) as {
      CPU: { CPU: string; TotalPercent: number; Idle: number }[];
      Memory: { Total: number; Used: number; Available: number };
      DiskStats: { Mountpoint: string; UsedPercent: number }[];
      AllocDirStats: { Mountpoint: string };
      Uptime: number;
    };
    expect(stats.CPU.map((c) => c.CPU)).toEqual(
      Array.from({ length: node.NodeResources.Cpu.TotalCpuCores }, (_, i) => `cpu${i}`),
    );
    for (const c of stats.CPU) expect(c.TotalPercent + c.Idle).toBeCloseTo(100, 1);
    expect(stats.Memory.Total).toBe(node.NodeResources.Memory.MemoryMB * 1024 * 1024);
    expect(stats.Memory.Used + stats.Memory.Available).toBe(stats.Memory.Total);
    expect(stats.DiskStats.map((d) => d.Mountpoint)).toEqual(['/', '/opt/nomad/data']);
    expect(stats.AllocDirStats.Mountpoint).toBe('/opt/nomad/data');
    expect(stats.Uptime).toBeGreaterThan(0);
  });
});

describe('CORS on client endpoints', () => {
  it('answers preflights for GET and adds the headers to GET responses only', async () => {
    const node = h.runtime.store.list('nodes').find((n) => n.Status === 'ready')!;
    const path = `/v1/client/stats?node_id=${node.ID}`;
    const pre = await send(h, 'OPTIONS', path, undefined, {
      Origin: 'http://elsewhere.test',
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'x-nomad-token',
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET');
    expect(pre.headers.get('access-control-allow-headers')).toBe('x-nomad-token');
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    const denied = await send(h, 'OPTIONS', `/v1/client/metadata?node_id=${node.ID}`, undefined, {
      Origin: 'http://elsewhere.test',
      'Access-Control-Request-Method': 'POST',
    });
    expect([denied.status, denied.headers.get('access-control-allow-origin')]).toEqual([204, null]);
    const get = await h.get(path, { Origin: 'http://elsewhere.test' });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
    const gc = await h.get(`/v1/client/gc?node_id=${node.ID}`, { Origin: 'http://elsewhere.test' });
    expect(gc.headers.get('access-control-allow-origin')).toBeNull();
  });
});
