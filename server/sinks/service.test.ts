import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuntime, type MockRuntime } from '../mock/runtime.ts';
import { startMock, type Harness } from '../mock/test-harness.ts';
import { operatorLevel } from './auth.ts';
import { mountSinksOnMock, type SinksMount } from './mount.ts';
import { SinkService } from './service.ts';
import { eventually, serve, startReceiver, type Receiver, type Served } from './test-kit.ts';
import { backoffDelay, type DeliveryState } from './worker.ts';

const FAST = { backoff: { baseMs: 20, maxMs: 60 }, store: { progressFlushMs: 10 }, authCacheMs: 0 };

let dir: string;
const cleanups: (() => Promise<unknown> | void)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sinks-svc-'));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

/** The sinks API mounted on an embedded mock, as server/app.ts does it. */
async function mockServer(acl = false): Promise<{ runtime: MockRuntime; sinks: SinksMount; http: Served }> {
  const runtime = createRuntime({ acl, scenario: false });
  const sinks = mountSinksOnMock(runtime.cluster, { dataDir: dir, ...FAST });
  const http = await serve((req, res) =>
    sinks.claims(new URL(req.url ?? '/', 'http://x').pathname)
      ? sinks.handle(req, res)
      : runtime.cluster.handle(req, res),
  );
  cleanups.push(
    () => runtime.cluster.close(),
    () => sinks.close(),
    () => http.close(),
  );
  return { runtime, sinks, http };
}

/** The sinks API reading a separately served mock, as in proxy mode. */
async function proxyStyle(upstream: Harness): Promise<{ service: SinkService; http: Served }> {
  const service = new SinkService({
    dataDir: dir,
    upstream: () => Promise.resolve({ baseUrl: upstream.base }),
    ...FAST,
  });
  const http = await serve((req, res) => service.handle(req, res));
  return { service, http };
}

const put = (base: string, id: string, body: unknown, token?: string) =>
  fetch(`${base}/v1/event/sink/${id}`, {
    method: 'PUT',
    headers: token ? { 'X-Nomad-Token': token } : {},
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const sink = (id: string, address: string, extra: Record<string, unknown> = {}) => ({
  ID: id,
  Type: 'webhook',
  Address: address,
  Topics: { Job: ['*'] },
  ...extra,
});

interface Flat {
  Index: number;
  Key: string;
  Type: string;
}

async function publishedJobEvents(base: string, after = 0): Promise<Flat[]> {
  const res = await fetch(`${base}/__mock/events/published?topic=Job:*&after=${after}`);
  const body = (await res.json()) as { Batches: { Events: Flat[] }[] };
  return body.Batches.flatMap((b) => b.Events.map(({ Index, Key, Type }) => ({ Index, Key, Type })));
}

function flatten(r: Receiver): Flat[] {
  return r.accepted().flatMap((x) => x.body.Events.map(({ Index, Key, Type }) => ({ Index, Key, Type })));
}

/** Waits until the receiver has exactly the published events (the mock's lifecycle keeps emitting for a moment). */
async function caughtUp(base: string, r: Receiver, skip = 0, after = 0): Promise<Flat[]> {
  let expected: Flat[] = [];
  try {
    await eventually(async () => {
      expected = (await publishedJobEvents(base)).filter((e) => e.Index > after);
      return expected.length > 0 && JSON.stringify(flatten(r).slice(skip)) === JSON.stringify(expected);
    }, 8000);
  } catch {
    // Fall through to the assertion for a readable diff.
  }
  expect(flatten(r).slice(skip)).toEqual(expected);
  return expected;
}

const emitJob = (base: string, id: string) =>
  fetch(`${base}/__mock/events/emit`, { method: 'POST', body: JSON.stringify({ Job: { ID: id } }) });

describe('sinks API', () => {
  it('creates, reads, updates and deletes with Nomad-style codes and texts', async () => {
    const { http } = await mockServer();
    const base = http.base;
    expect(await (await fetch(`${base}/v1/event/sinks`)).json()).toEqual([]);

    const created = await put(base, 'ops', sink('ops', 'http://127.0.0.1:9/x'));
    expect(created.status).toBe(200);
    expect(await created.text()).toBe('');
    expect(created.headers.get('x-nomad-index')).toBe('1');

    const got = await fetch(`${base}/v1/event/sink/ops`);
    expect(got.headers.get('x-nomad-index')).toBe('1');
    expect(await got.text()).toBe(
      '{"Address":"http://127.0.0.1:9/x","CreateIndex":1,"HasSecret":false,"Headers":null,"ID":"ops","LatestIndex":0,"ModifyIndex":1,"Topics":{"Job":["*"]},"Type":"webhook"}',
    );

    const mismatch = await put(base, 'ops', sink('other', 'http://x/'));
    expect([mismatch.status, await mismatch.text()]).toEqual([400, 'Event sink name does not match request path']);
    const noId = await put(base, 'ops', { Type: 'webhook' });
    expect([noId.status, await noId.text()]).toEqual([400, 'Event sink name does not match request path']);
    const invalid = await put(base, 'ops', { ID: 'ops', Type: 'kafka', Topics: { Job: ['*'] } });
    expect([invalid.status, await invalid.text()]).toEqual([400, '1 error occurred:\n\t* Sink type invalid\n\n']);
    const notJson = await put(base, 'ops', '{nope');
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).toMatch(/^Request body is not valid JSON: /);

    const updated = await fetch(`${base}/v1/event/sink/ops`, {
      method: 'POST',
      body: JSON.stringify(sink('ops', 'https://hooks.example/y')),
    });
    expect(updated.headers.get('x-nomad-index')).toBe('2');
    expect(await (await fetch(`${base}/v1/event/sink/ops`)).json()).toMatchObject({
      Address: 'https://hooks.example/y',
      CreateIndex: 1,
      ModifyIndex: 2,
    });

    const missing = await fetch(`${base}/v1/event/sink/nope`);
    expect([missing.status, await missing.text()]).toEqual([404, 'event sink not found']);
    const empty = await fetch(`${base}/v1/event/sink/`);
    expect([empty.status, await empty.text()]).toEqual([400, 'Missing sink ID']);
    const patch = await fetch(`${base}/v1/event/sink/ops`, { method: 'PATCH' });
    expect([patch.status, await patch.text()]).toEqual([405, 'Invalid method']);

    const del = await fetch(`${base}/v1/event/sink/ops`, { method: 'DELETE' });
    expect([del.status, del.headers.get('x-nomad-index')]).toEqual([200, '3']);
    expect((await fetch(`${base}/v1/event/sink/nope`, { method: 'DELETE' })).status).toBe(200);
    expect(await (await fetch(`${base}/v1/event/sinks`)).json()).toEqual([]);
  });

  it('answers a blocking list when a sink changes', async () => {
    const { http } = await mockServer();
    await put(http.base, 'a', sink('a', 'http://127.0.0.1:9/x'));
    const started = Date.now();
    const pending = fetch(`${http.base}/v1/event/sinks?index=1&wait=10s`);
    await new Promise((r) => setTimeout(r, 100));
    await put(http.base, 'b', sink('b', 'http://127.0.0.1:9/y'));
    const res = await pending;
    expect(res.headers.get('x-nomad-index')).toBe('2');
    expect(((await res.json()) as { ID: string }[]).map((s) => s.ID)).toEqual(['a', 'b']);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('requires operator:read to read and management to write when ACLs are on', async () => {
    const { runtime, http } = await mockServer(true);
    const mgmt = runtime.cluster.managementToken!;
    const nodeReader = runtime.cluster.tokens.find((t) => t.name === 'node reader')!.secretId;
    const denied = await fetch(`${http.base}/v1/event/sinks`, { headers: { 'X-Nomad-Token': nodeReader } });
    expect([denied.status, await denied.text()]).toEqual([403, 'Permission denied']);
    expect(denied.headers.get('x-nomad-live-missing-capability')).toBe('operator:read');
    const anon = await put(http.base, 'x', sink('x', 'http://127.0.0.1:9/x'));
    expect([anon.status, anon.headers.get('x-nomad-live-missing-capability')]).toEqual([403, 'management']);
    expect((await put(http.base, 'x', sink('x', 'http://127.0.0.1:9/x'), mgmt)).status).toBe(200);
    const read = await fetch(`${http.base}/v1/event/sinks`, { headers: { 'X-Nomad-Token': mgmt } });
    expect(read.status).toBe(200);
  });
});

describe('delivery', () => {
  it('retries a failing receiver in order until it recovers, losing and repeating nothing', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    receiver.status = 500;
    const { http } = await mockServer();
    await put(http.base, 'hook', sink('hook', receiver.url));
    const failing = await eventually(async () => {
      const s = (await (await fetch(`${http.base}/v1/event/sink/hook/deliveries`)).json()) as DeliveryState;
      return s.ConsecutiveFailures >= 3 ? s : undefined;
    });
    expect(failing).toMatchObject({ State: 'failing', LastError: 'HTTP 500', EventsDelivered: 0 });
    expect(failing.NextRetryTime).not.toBeNull();
    expect(failing.Attempts[0]).toMatchObject({ StatusCode: 500, Test: false });
    // Every retry was the same first batch.
    expect(new Set(receiver.all.map((r) => r.raw)).size).toBe(1);

    await emitJob(http.base, 'during-outage');
    receiver.status = 204;
    await emitJob(http.base, 'after-outage');
    const expected = await caughtUp(http.base, receiver);
    expect(expected.some((e) => e.Key === 'after-outage')).toBe(true);
    const after = (await (await fetch(`${http.base}/v1/event/sink/hook/deliveries`)).json()) as DeliveryState;
    expect(after).toMatchObject({ State: 'healthy', ConsecutiveFailures: 0, EventsDelivered: expected.length });
    await eventually(async () => {
      const s = (await (await fetch(`${http.base}/v1/event/sink/hook`)).json()) as { LatestIndex: number };
      return s.LatestIndex === expected.at(-1)!.Index;
    });
  });

  it('resumes after a restart from the persisted index: nothing twice after a clean stop, at-least-once after a crash', async () => {
    const upstream = await startMock({ scenario: false });
    const receiver = await startReceiver();
    cleanups.push(
      () => upstream.close(),
      () => receiver.close(),
    );
    const first = await proxyStyle(upstream);
    await put(first.http.base, 'hook', sink('hook', receiver.url));
    const before = await publishedJobEvents(upstream.base);
    await eventually(() => flatten(receiver).length >= before.length);
    await first.service.close();
    await first.http.close();

    await emitJob(upstream.base, 'while-down');
    const second = await proxyStyle(upstream);
    cleanups.push(
      () => second.service.close(),
      () => second.http.close(),
    );
    const all = await caughtUp(upstream.base, receiver);
    expect(all.some((e) => e.Key === 'while-down')).toBe(true);
    await second.service.close();

    // A crash loses the last progress writes: rewind the file by hand and restart.
    const rewindTo = all[1]!.Index;
    const stored = second.service.store.get('hook')!;
    writeFileSync(
      join(dir, 'sinks.json'),
      JSON.stringify({ Version: 1, Index: 9, Sinks: [{ ...stored, LatestIndex: rewindTo, LatestIndexLines: 1 }] }),
    );
    const seen = receiver.accepted().length;
    const third = await proxyStyle(upstream);
    cleanups.push(
      () => third.service.close(),
      () => third.http.close(),
    );
    await eventually(() => receiver.accepted().length > seen);
    // Everything after the persisted index again, in order (the first line at it was delivered).
    const redelivered = await caughtUp(upstream.base, receiver, all.length, rewindTo);
    expect(redelivered[0]!.Index).toBeGreaterThan(rewindTo);
  });

  it('signs bodies with the write-only secret, sends custom headers, and sends test events', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const { http } = await mockServer();
    await put(http.base, 'signed', sink('signed', receiver.url, { Secret: 'topsecret', Headers: { 'X-Team': 'ops' } }));
    const view = (await (await fetch(`${http.base}/v1/event/sink/signed`)).json()) as Record<string, unknown>;
    expect(view).toMatchObject({ HasSecret: true, Headers: { 'X-Team': 'ops' } });
    expect(view).not.toHaveProperty('Secret');

    await eventually(() => receiver.all.length > 0);
    const first = receiver.all[0]!;
    const expected = `sha256=${createHmac('sha256', 'topsecret').update(first.raw).digest('hex')}`;
    expect(first.headers['x-nomad-live-signature']).toBe(expected);
    expect(first.headers['x-team']).toBe('ops');
    expect(first.headers['x-nomad-live-sink']).toBe('signed');
    const forged = `sha256=${createHmac('sha256', 'wrong').update(first.raw).digest('hex')}`;
    expect(first.headers['x-nomad-live-signature']).not.toBe(forged);

    receiver.status = 418;
    const test = await fetch(`${http.base}/v1/event/sink/signed/test`, { method: 'POST' });
    expect(test.status).toBe(200);
    expect(await test.json()).toMatchObject({ StatusCode: 418, Error: '' });
    const probe = receiver.all.find((r) => r.body.Events[0]?.Type === 'SinkTest')!;
    expect(probe.body.Events[0]).toMatchObject({ Topic: 'NomadLive', Key: 'signed' });
    expect(probe.headers['x-nomad-live-signature']).toBe(
      `sha256=${createHmac('sha256', 'topsecret').update(probe.raw).digest('hex')}`,
    );
    const missing = await fetch(`${http.base}/v1/event/sink/nope/test`, { method: 'POST' });
    expect([missing.status, await missing.text()]).toEqual([404, 'event sink not found']);
  });

  it('retries at once when a test send shows the receiver is back', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    receiver.status = 503;
    const runtime = createRuntime({ scenario: false });
    const sinks = mountSinksOnMock(runtime.cluster, { dataDir: dir, backoff: { baseMs: 60_000, maxMs: 60_000 } });
    const http = await serve((req, res) =>
      sinks.claims(new URL(req.url ?? '/', 'http://x').pathname)
        ? sinks.handle(req, res)
        : runtime.cluster.handle(req, res),
    );
    cleanups.push(
      () => runtime.cluster.close(),
      () => sinks.close(),
      () => http.close(),
    );
    await put(http.base, 'w', sink('w', receiver.url));
    await eventually(() => receiver.all.length === 1);
    receiver.status = 200;
    await fetch(`${http.base}/v1/event/sink/w/test`, { method: 'POST' });
    // Without the wake-up the next retry would be 30-60 s away.
    await eventually(() => receiver.accepted().some((r) => r.body.Index > 0), 3000, 'the retried batch');
  });

  it('restarts the worker on an address change and stops it on delete', async () => {
    const a = await startReceiver();
    const b = await startReceiver();
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    const { http } = await mockServer();
    await put(http.base, 'mv', sink('mv', a.url));
    await eventually(() => a.all.length > 0);
    await put(http.base, 'mv', sink('mv', b.url));
    await emitJob(http.base, 'moved');
    await eventually(() => flatten(b).some((e) => e.Key === 'moved'));
    expect(flatten(a).some((e) => e.Key === 'moved')).toBe(false);
    await fetch(`${http.base}/v1/event/sink/mv`, { method: 'DELETE' });
    const count = b.all.length;
    await emitJob(http.base, 'after-delete');
    await new Promise((r) => setTimeout(r, 200));
    expect(b.all.length).toBe(count);
  });
});

describe('backoffDelay', () => {
  it('doubles up to the cap with half of it jittered', () => {
    const policy = { baseMs: 1000, maxMs: 60_000 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(20, policy, () => 1)).toBe(60_000);
    expect(backoffDelay(20, policy, () => 0)).toBe(30_000);
  });
});

describe('operatorLevel', () => {
  it('reads the operator rule of HCL and JSON policies', () => {
    expect(operatorLevel('operator {\n  policy = "read"\n}\n')).toBe('read');
    expect(operatorLevel('namespace "x" { policy = "write" }\noperator { policy = "write" }')).toBe('write');
    expect(operatorLevel('{"operator":{"policy":"deny"}}')).toBe('deny');
    expect(operatorLevel('node { policy = "read" }')).toBeUndefined();
  });
});
