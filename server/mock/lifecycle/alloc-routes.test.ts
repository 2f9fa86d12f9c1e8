import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchesFromCommit } from '../events/convert.ts';
import type { Commit } from '../store.ts';
import { secretOf, startMock, type Harness } from '../test-harness.ts';
import type { AllocationWire } from '../wire.ts';

let h: Harness;
let acl: Harness;
const commits: Commit[] = [];

beforeAll(async () => {
  h = await startMock({ seed: 1, lifecycleDelayMs: 5 });
  acl = await startMock({ seed: 1, acl: true, lifecycleDelayMs: 5 });
  h.runtime.store.subscribe((c) => commits.push(c));
});
afterAll(async () => {
  await h.close();
  await acl.close();
});

const text = async (res: Response) => [res.status, await res.text()] as const;
const as = (secret: string) => ({ 'X-Nomad-Token': secret });
const allocs = (x: Harness = h) => x.runtime.store.list('allocs');
const find = (pred: (a: AllocationWire) => boolean, x: Harness = h): AllocationWire => {
  const a = allocs(x).find(pred);
  if (!a) throw new Error('no such seeded allocation');
  return a;
};
const downNodeIds = (x: Harness = h) =>
  new Set(
    x.runtime.store
      .list('nodes')
      .filter((n) => n.Status !== 'ready')
      .map((n) => n.ID),
  );
const runningIn = (ns: string, x: Harness = h) =>
  find(
    (a) =>
      a.Namespace === ns && a.ClientStatus === 'running' && a.DesiredStatus === 'run' && !downNodeIds(x).has(a.NodeID),
    x,
  );

/** Waits (through blocking queries) until `check` holds for the allocation. */
async function waitForAlloc(id: string, check: (a: AllocationWire) => boolean): Promise<AllocationWire> {
  let index = 0;
  for (let i = 0; i < 50; i++) {
    const res = await h.get(`/v1/allocation/${id}?index=${index}&wait=2s`);
    const alloc = (await res.json()) as AllocationWire;
    if (check(alloc)) return alloc;
    index = Number(res.headers.get('x-nomad-index'));
  }
  throw new Error(`allocation ${id} never reached the expected state`);
}

describe('GET /v1/allocations', () => {
  it.each([
    ['abc', 'alloc lookup failed: Input (without hyphens) must be even length'],
    ['zz', "alloc lookup failed: Invalid UUID: encoding/hex: invalid byte: U+007A 'z'"],
    ['a'.repeat(37), 'alloc lookup failed: Invalid UUID length. UUID have 36 characters; got 37'],
    ['a-b-c-d-e-f', 'alloc lookup failed: UUID should have maximum of 4 "-"; got 5'],
  ])('prefix %s is a 500 with memdb’s text', async (prefix, message) => {
    const res = await h.get(`/v1/allocations?prefix=${prefix}`);
    expect(await text(res)).toEqual([500, message]);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('matches an even hex prefix, hyphens ignored, across namespaces with *', async () => {
    const target = runningIn('prod');
    const prefix = `${target.ID.slice(0, 8)}-${target.ID.slice(9, 11)}`;
    const list = (await (await h.get(`/v1/allocations?prefix=${prefix}&namespace=*`)).json()) as AllocationWire[];
    expect(list.map((a) => a.ID)).toEqual([target.ID]);
    expect(await (await h.get(`/v1/allocations?prefix=${prefix}`)).json()).toEqual([]);
  });

  it('lists in CreateIndex order (ID order with a prefix), reversed with reverse=true', async () => {
    const list = (await (await h.get('/v1/allocations?namespace=*&task_states=false')).json()) as AllocationWire[];
    const keys = list.map((a) => [a.CreateIndex, a.ID] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
    expect(keys).toEqual(sorted);
    const reversed = (await (
      await h.get('/v1/allocations?namespace=*&task_states=false&reverse=true')
    ).json()) as AllocationWire[];
    expect(reversed.map((a) => a.ID)).toEqual(list.map((a) => a.ID).reverse());
  });

  it('pages with per_page and next_token, naming the next page in X-Nomad-NextToken', async () => {
    const all = (await (await h.get('/v1/allocations?namespace=*&task_states=false')).json()) as AllocationWire[];
    const seen: string[] = [];
    let token = '';
    for (let i = 0; i < 100; i++) {
      const res = await h.get(`/v1/allocations?namespace=*&task_states=false&per_page=7&next_token=${token}`);
      const page = (await res.json()) as AllocationWire[];
      seen.push(...page.map((a) => a.ID));
      token = res.headers.get('x-nomad-nexttoken') ?? '';
      if (token === '') break;
      expect(page).toHaveLength(7);
      expect(token).toMatch(/^\d+\.[0-9a-f-]{36}$/);
    }
    expect(seen).toEqual(all.map((a) => a.ID));
  });

  it('task_states=false nulls TaskStates; resources=true adds AllocatedResources; bad bools are 500s', async () => {
    const plain = (await (await h.get('/v1/allocations')).json()) as Record<string, unknown>[];
    expect(plain[0]!.TaskStates).not.toBeNull();
    expect(plain[0]).not.toHaveProperty('AllocatedResources');
    const lean = (await (await h.get('/v1/allocations?task_states=false&resources=true')).json()) as Record<
      string,
      unknown
    >[];
    expect(lean.every((a) => a.TaskStates === null)).toBe(true);
    expect(lean[0]!.AllocatedResources).toMatchObject({ Tasks: expect.any(Object) });
    expect(await text(await h.get('/v1/allocations?task_states=nope'))).toEqual([
      500,
      'Failed to parse value of "task_states" (nope) as a bool: strconv.ParseBool: parsing "nope": invalid syntax',
    ]);
  });

  it('filters with a go-bexpr expression and answers the paginator’s 400s', async () => {
    const list = (await (
      await h.get(
        `/v1/allocations?namespace=*&filter=${encodeURIComponent('ClientStatus == "failed" and Namespace != "prod"')}`,
      )
    ).json()) as AllocationWire[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((a) => a.ClientStatus === 'failed' && a.Namespace !== 'prod')).toBe(true);
    const [status, body] = await text(await h.get(`/v1/allocations?filter=${encodeURIComponent('ClientStatus = 1')}`));
    expect(status).toBe(400);
    expect(body).toMatch(
      /^failed to create result paginator: failed to read filter expression: 1:14 \(13\): no match found/,
    );
    expect(await text(await h.get(`/v1/allocations?filter=${encodeURIComponent('Nope == "x"')}`))).toEqual([
      400,
      'failed to read result page: error finding value in datum: /Nope at part 0: couldn\'t find key: struct field with name "Nope"',
    ]);
  });

  it('namespace=* lists only permitted namespaces; without read-job anywhere, or in the named namespace, a 403', async () => {
    const prodOnly = (await (
      await acl.get('/v1/allocations?namespace=*', as(secretOf(acl, 'prod read-only')))
    ).json()) as AllocationWire[];
    expect(prodOnly.length).toBeGreaterThan(0);
    expect(new Set(prodOnly.map((a) => a.Namespace))).toEqual(new Set(['prod']));
    // Alloc.List checks AllowNsOp(namespace, read-job) first; for `*` that means "in any namespace".
    expect(await text(await acl.get('/v1/allocations?namespace=*', as(secretOf(acl, 'node reader'))))).toEqual([
      403,
      'Permission denied',
    ]);
    expect(await text(await acl.get('/v1/allocations', as(secretOf(acl, 'prod read-only'))))).toEqual([
      403,
      'Permission denied',
    ]);
  });
});

describe('GET /v1/allocation/:id', () => {
  it('404s an unknown UUID, 500s a malformed one, 405s other methods', async () => {
    expect(await text(await h.get('/v1/allocation/00000000-0000-0000-0000-000000000000'))).toEqual([
      404,
      'alloc not found',
    ]);
    expect(await text(await h.get('/v1/allocation/abc'))).toEqual([
      500,
      'alloc lookup failed: UUID must be 36 characters',
    ]);
    const a = runningIn('default');
    expect(await text(await h.post(`/v1/allocation/${a.ID}`, {}))).toEqual([405, 'Invalid method']);
    expect(await text(await h.get(`/v1/allocation/${a.ID}/nope`))).toEqual([404, 'resource not found']);
  });

  it('hides an allocation the token may not read behind a 500 Unknown allocation', async () => {
    const a = find((x) => x.Namespace === 'staging', acl);
    expect(await text(await acl.get(`/v1/allocation/${a.ID}`, as(secretOf(acl, 'prod read-only'))))).toEqual([
      500,
      `Unknown allocation "${a.ID}"`,
    ]);
  });
});

describe('POST|PUT /v1/allocation/:id/stop', () => {
  it('checks method, ID, existence and alloc-lifecycle', async () => {
    const a = runningIn('prod', acl);
    expect(await text(await acl.get(`/v1/allocation/${a.ID}/stop`))).toEqual([405, 'Invalid method']);
    const mgmt = as(secretOf(acl, 'Management Token'));
    expect(await text(await acl.post('/v1/allocation/00000000-0000-0000-0000-000000000000/stop', '', mgmt))).toEqual([
      404,
      'allocation not found',
    ]);
    expect(await text(await acl.post('/v1/allocation/abc/stop', '', mgmt))).toEqual([
      500,
      'alloc lookup failed: UUID must be 36 characters',
    ]);
    expect(await text(await acl.post(`/v1/allocation/${a.ID}/stop`, '', as(secretOf(acl, 'prod read-only'))))).toEqual([
      403,
      'Permission denied',
    ]);
    expect(await text(await acl.post(`/v1/allocation/${a.ID}/stop?no_shutdown_delay=maybe`, '', mgmt))).toEqual([
      500,
      'Failed to parse value of "no_shutdown_delay" (maybe) as a bool: strconv.ParseBool: parsing "maybe": invalid syntax',
    ]);
  });

  it('sets the desired transition, creates an alloc-stop eval, then the scheduler replaces the alloc', async () => {
    const a = runningIn('default');
    const from = commits.length;
    const res = await fetch(`${h.base}/v1/allocation/${a.ID}/stop?no_shutdown_delay=true`, { method: 'PUT' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { EvalID: string; Index: number };
    expect(Object.keys(body)).toEqual(['EvalID', 'Index']);
    expect(res.headers.get('x-nomad-index')).toBe(String(body.Index));

    const first = commits[from]!;
    expect(first.type).toBe('AllocationUpdateDesiredStatus');
    const events = batchesFromCommit(first).flatMap((b) => b.events.map((e) => e.wire));
    expect(events.map((e) => [e.Topic, e.Type])).toEqual(
      expect.arrayContaining([
        ['Allocation', 'AllocationUpdateDesiredStatus'],
        ['Evaluation', 'AllocationUpdateDesiredStatus'],
      ]),
    );
    const ev = (await (await h.get(`/v1/evaluation/${body.EvalID}`)).json()) as Record<string, unknown>;
    expect(ev).toMatchObject({ TriggeredBy: 'alloc-stop', JobID: a.JobID, Namespace: a.Namespace });

    const stopped = await waitForAlloc(a.ID, (x) => x.ClientStatus === 'complete');
    expect(stopped).toMatchObject({
      DesiredStatus: 'stop',
      DesiredDescription: 'alloc is being migrated',
      DesiredTransition: { Migrate: true, NoShutdownDelay: true },
    });
    expect(Object.values(stopped.TaskStates!).every((s) => s.State === 'dead')).toBe(true);
    const replacement = await waitForAlloc(stopped.NextAllocation, (x) => x.ClientStatus === 'running');
    expect(replacement).toMatchObject({
      PreviousAllocation: a.ID,
      EvalID: body.EvalID,
      TaskGroup: a.TaskGroup,
      Name: a.Name,
      DesiredStatus: 'run',
    });
    const types = commits.slice(from).map((c) => c.type);
    expect(types).toEqual(
      expect.arrayContaining(['AllocationUpdateDesiredStatus', 'PlanResult', 'EvaluationUpdated', 'AllocationUpdated']),
    );
    expect(types.indexOf('PlanResult')).toBeGreaterThan(types.indexOf('AllocationUpdateDesiredStatus'));
    const done = (await (await h.get(`/v1/evaluation/${body.EvalID}`)).json()) as Record<string, unknown>;
    expect(done.Status).toBe('complete');
  });
});
