import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventBatch } from '../../../src/lib/nomad/types.ts';
import { FIXED_NOW, secretOf, startMock, type Harness } from '../test-harness.ts';
import { FakeTimers } from './fake-timers.ts';
import { batches, openStream, type StreamClient } from './stream-client.ts';

let h: Harness | undefined;
const streams: StreamClient[] = [];

afterEach(async () => {
  streams.splice(0).forEach((s) => s.close());
  await h?.close();
  h = undefined;
});

async function stream(path: string, headers: Record<string, string> = {}): Promise<StreamClient> {
  const s = await openStream(h!.base, path, headers);
  streams.push(s);
  return s;
}

async function emitJob(id: string, namespace = 'default'): Promise<{ FromIndex: number; Index: number }> {
  const res = await h!.post('/__mock/events/emit', { Job: { ID: id, Namespace: namespace } });
  expect(res.status).toBe(200);
  return (await res.json()) as { FromIndex: number; Index: number };
}

const dataLines = (s: StreamClient) => batches(s.lines);

describe('GET /v1/event/stream framing (hijack style, Nomad 2.x)', () => {
  it('answers 200 with Nomad’s headers, no chunking, `{}` first, then the buffered batches as sorted-key ndjson', async () => {
    h = await startMock();
    const s = await stream('/v1/event/stream');
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe('application/json');
    expect(s.headers['cache-control']).toBe('no-cache');
    expect(s.headers.connection).toBe('close');
    expect(s.headers['transfer-encoding']).toBeUndefined();
    expect(s.headers['content-length']).toBeUndefined();
    expect(s.headers.date).toBeUndefined();
    await s.until((l) => l.length > 5);
    expect(s.lines[0]).toBe('{}');
    const first = s.lines[1]!;
    expect(first.startsWith('{"Events":[{"FilterKeys":')).toBe(true);
    expect(first).toMatch(/,"Index":\d+}$/);
    const event = (JSON.parse(first) as EventBatch).Events[0]!;
    expect(Object.keys(event)).toEqual(['FilterKeys', 'Index', 'Key', 'Namespace', 'Payload', 'Topic', 'Type']);
  });

  it('a job registration gives Job and Evaluation events typed JobRegistered on two lines with one index, then a PlanResult', async () => {
    h = await startMock();
    const s = await stream(`/v1/event/stream?index=${h.runtime.store.index + 1}`);
    await s.until((l) => l[0] === '{}');
    const { FromIndex } = await emitJob('events-demo');
    await s.until((l) => dataLines({ lines: l } as StreamClient).some((b) => b.Events[0]!.Type === 'PlanResult'));
    const got = dataLines(s);
    const reg = got.filter((b) => b.Index === FromIndex);
    expect(reg.map((b) => b.Events.map((e) => `${e.Topic}/${e.Type}`))).toEqual([
      ['Job/JobRegistered'],
      ['Evaluation/JobRegistered'],
    ]);
    expect(reg[1]!.Events[0]!.FilterKeys).toEqual(['events-demo', '']);
    const plan = got.find((b) => b.Events[0]!.Type === 'PlanResult')!;
    const alloc = plan.Events.find((e) => e.Topic === 'Allocation')!;
    expect((alloc.Payload.Allocation as { Job: unknown }).Job).toBeNull();
    expect(alloc.FilterKeys![0]).toBe('events-demo');
  });

  it('replays from an index inclusively and serves the newest batch for an index beyond it', async () => {
    h = await startMock();
    const buffered = [...h.runtime.broker.buffer.items()].map((i) => i.index);
    const newest = buffered[buffered.length - 1]!;
    const third = buffered[buffered.length - 3]!;
    const exact = await stream(`/v1/event/stream?index=${third}&namespace=*`);
    await exact.until((l) => batches(l).some((b) => b.Index === newest));
    expect(dataLines(exact)[0]!.Index).toBe(third);
    const between = await stream(`/v1/event/stream?index=${third - 1}&namespace=*`);
    await between.until((l) => batches(l).some((b) => b.Index === newest));
    expect(dataLines(between)[0]!.Index).toBe(buffered.includes(third - 1) ? third - 1 : third);
    const beyond = await stream('/v1/event/stream?index=1000000&namespace=*');
    await beyond.until((l) => batches(l).length === 1);
    expect(dataLines(beyond)[0]!.Index).toBe(newest);
  });

  it('index older than the buffer starts at the oldest batch still buffered (event_buffer_size batches)', async () => {
    h = await startMock({ eventBufferSize: 5 });
    const buffered = [...h.runtime.broker.buffer.items()].map((i) => i.index);
    expect(buffered).toHaveLength(5);
    const s = await stream('/v1/event/stream?index=1&namespace=*');
    await s.until((l) => batches(l).some((b) => b.Index === buffered[4]));
    expect(dataLines(s)[0]!.Index).toBe(buffered[0]);
    expect(new Set(dataLines(s).map((b) => b.Index))).toEqual(new Set(buffered));
  });

  it('duplicates an event once per matching key and treats * literally beside another key', async () => {
    h = await startMock();
    const start = h.runtime.store.index + 1;
    const dup = await stream(`/v1/event/stream?index=${start}&topic=Job:dup-job&topic=Job:dup-job`);
    const literal = await stream(`/v1/event/stream?index=${start}&topic=Job:*&topic=Job:other-job`);
    await emitJob('dup-job');
    await emitJob('other-job');
    await dup.until((l) => batches(l).length > 0);
    expect(dataLines(dup)[0]!.Events.map((e) => e.Key)).toEqual(['dup-job', 'dup-job']);
    await literal.until((l) => batches(l).length > 0);
    expect(new Set(dataLines(literal).flatMap((b) => b.Events.map((e) => e.Key)))).toEqual(new Set(['other-job']));
  });

  it('gates by namespace (default `default`, `*` = all) but never drops events without one', async () => {
    h = await startMock();
    const start = h.runtime.store.index + 1;
    const def = await stream(`/v1/event/stream?index=${start}&topic=Job`);
    const all = await stream(`/v1/event/stream?index=${start}&topic=Job&namespace=*`);
    await emitJob('in-prod', 'prod');
    await emitJob('in-default');
    await all.until((l) => batches(l).some((b) => b.Events[0]!.Key === 'in-default'));
    await def.until((l) => batches(l).some((b) => b.Events[0]!.Key === 'in-default'));
    expect(dataLines(def).every((b) => b.Events.every((e) => e.Namespace === 'default'))).toBe(true);
    expect(dataLines(all).some((b) => b.Events.some((e) => e.Key === 'in-prod'))).toBe(true);
  });

  it('encodes each batch once and shares the bytes between subscribers with the same view', async () => {
    h = await startMock();
    const start = h.runtime.store.index + 1;
    const subs = await Promise.all([1, 2, 3].map(() => stream(`/v1/event/stream?index=${start}&namespace=*`)));
    const stats = h.runtime.broker.encoder.stats;
    const before = { ...stats };
    const { Index } = await emitJob('shared-bytes');
    await Promise.all(subs.map((x) => x.until((l) => batches(l).some((b) => b.Index === Index))));
    const published = h.runtime.broker.published(
      start - 1,
      { topics: new Map([['*', ['*']]]), namespaces: undefined },
      1e6,
    );
    const lines = published.batches.length;
    const events = published.batches.reduce((n, b) => n + b.Events.length, 0);
    expect(stats.linesBuilt - before.linesBuilt).toBe(lines);
    expect(stats.eventsEncoded - before.eventsEncoded).toBe(events);
    expect(stats.linesShared - before.linesShared).toBe(2 * lines);
    expect(subs[1]!.lines).toEqual(subs[0]!.lines);
  });

  it('refuses bad parameters with Nomad’s 400 texts before streaming', async () => {
    h = await startMock();
    const bad = await h.get('/v1/event/stream?topic=Job:a:b');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe(
      'Invalid topic query: error parsing topics: Invalid key value pair for topic, topic: Job:a:b',
    );
    const idx = await h.get('/v1/event/stream?index=abc');
    expect(await idx.text()).toBe('Unable to parse index: strconv.Atoi: parsing "abc": invalid syntax');
    expect((await h.post('/v1/event/stream', {})).status).toBe(405);
  });
});

describe('ACL per topic', () => {
  it('hijack style: 200 then a close with an empty body when a topic is not allowed', async () => {
    h = await startMock({ acl: true });
    const nodeReader = { 'X-Nomad-Token': secretOf(h, 'node reader') };
    const everything = await stream('/v1/event/stream', nodeReader);
    expect(everything.status).toBe(200);
    expect(await everything.ended).toBe('');
    expect(everything.lines).toEqual([]);
    const nodes = await stream('/v1/event/stream?topic=Node', nodeReader);
    await nodes.until((l) => l.length > 0);
    expect(nodes.lines[0]).toBe('{}');
    expect(dataLines(nodes).every((b) => b.Events.every((e) => e.Topic === 'Node'))).toBe(true);
  });

  it('read-job is checked in every requested namespace; management is needed for ACL topics', async () => {
    h = await startMock({ acl: true });
    const prod = { 'X-Nomad-Token': secretOf(h, 'prod read-only') };
    const ok = await stream('/v1/event/stream?topic=Job&namespace=prod', prod);
    await ok.until((l) => l.length > 0);
    expect(ok.lines[0]).toBe('{}');
    for (const path of [
      '/v1/event/stream?topic=Job',
      '/v1/event/stream?topic=Job&namespace=*',
      '/v1/event/stream?topic=ACLToken&namespace=prod',
    ]) {
      const denied = await stream(path, prod);
      expect(await denied.ended, path).toBe('');
      expect(denied.lines, path).toEqual([]);
    }
    const mgmt = await stream('/v1/event/stream?topic=ACLToken', { 'X-Nomad-Token': secretOf(h, 'Management Token') });
    await mgmt.until((l) => l[0] === '{}');
  });

  it('legacy style (≤1.11.3): a real 403 `Permission denied`, also for an unknown token', async () => {
    h = await startMock({ acl: true, eventAuthStyle: 'legacy' });
    const denied = await h.get('/v1/event/stream', { 'X-Nomad-Token': secretOf(h, 'node reader') });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await denied.text()).toBe('Permission denied');
    const unknown = await h.get('/v1/event/stream?topic=Node', {
      'X-Nomad-Token': '00000000-0000-0000-0000-000000000000',
    });
    expect(unknown.status).toBe(403);
    const ok = await stream('/v1/event/stream?topic=Node', { 'X-Nomad-Token': secretOf(h, 'node reader') });
    expect(ok.status).toBe(200);
    expect(ok.headers['transfer-encoding']).toBe('chunked');
  });

  it('deleting a token closes its streams; other streams stay open', async () => {
    h = await startMock({ acl: true });
    const secret = secretOf(h, 'node reader');
    const victim = await stream('/v1/event/stream?topic=Node&index=1000000', { 'X-Nomad-Token': secret });
    const other = await stream('/v1/event/stream?topic=Node&index=1000000', {
      'X-Nomad-Token': secretOf(h, 'Management Token'),
    });
    await victim.until((l) => l.length > 0);
    await other.until((l) => l.length > 0);
    const store = h.runtime.store;
    const token = store.list('acl_token').find((t) => t.SecretID === secret)!;
    store.commit('ACLTokenDeleted', (txn) => txn.delete('acl_token', token.AccessorID));
    expect(await victim.ended).toBe('');
    expect(h.runtime.broker.subscriberCount).toBe(1);
  });

  it('a policy change re-checks open streams and closes those that lost their capability', async () => {
    h = await startMock({ acl: true });
    const prod = await stream('/v1/event/stream?topic=Job&namespace=prod&index=1000000', {
      'X-Nomad-Token': secretOf(h, 'prod read-only'),
    });
    const nodes = await stream('/v1/event/stream?topic=Node&index=1000000', {
      'X-Nomad-Token': secretOf(h, 'node reader'),
    });
    await prod.until((l) => l.length > 0);
    await nodes.until((l) => l.length > 0);
    h.runtime.store.commit('ACLPolicyUpserted', (txn) => {
      const policy = txn.get('acl_policy', 'prod-read')!;
      txn.put('acl_policy', 'prod-read', {
        ...policy,
        Rules: 'namespace "prod" {\n  policy = "deny"\n}\n',
        ModifyIndex: txn.index,
      });
    });
    expect(await prod.ended).toBe('');
    expect(h.runtime.broker.subscriberCount).toBe(1);
  });

  it('an expired token keeps its idle stream (heartbeats only) and loses it at the next matching event', async () => {
    const timers = new FakeTimers();
    let clock = FIXED_NOW;
    h = await startMock({ acl: true, timers, now: () => clock, eventHeartbeatMs: 10_000 });
    const s = await stream('/v1/event/stream?topic=Job&namespace=staging&index=1000000', {
      'X-Nomad-Token': secretOf(h, 'staging operator'),
    });
    await s.until((l) => l.length > 0);
    clock += 721 * 3_600_000;
    timers.advance(20_000);
    await s.until((l) => l.filter((x) => x === '{}').length === 3, 'heartbeats after expiry');
    await emitJob('after-expiry', 'staging');
    expect(await s.ended).toBe('');
    expect(batches(s.lines).some((b) => b.Events.some((e) => e.Key === 'after-expiry'))).toBe(false);
  });

  it('legacy style appends the force-close reason as a non-JSON tail', async () => {
    h = await startMock({ acl: true, eventAuthStyle: 'legacy' });
    const secret = secretOf(h, 'node reader');
    const s = await stream('/v1/event/stream?topic=Node&index=1000000', { 'X-Nomad-Token': secret });
    await s.until((l) => l.length > 0);
    const token = h.runtime.store.list('acl_token').find((t) => t.SecretID === secret)!;
    h.runtime.store.commit('ACLTokenDeleted', (txn) => txn.delete('acl_token', token.AccessorID));
    expect(await s.ended).toBe('subscription closed by server, client should resubscribe');
  });
});

describe('heartbeats, slow consumers and faults', () => {
  it('sends `{}` at once and then every heartbeat interval, between events too', async () => {
    const timers = new FakeTimers();
    h = await startMock({ timers, eventHeartbeatMs: 30_000 });
    const s = await stream('/v1/event/stream?index=1000000&topic=Job:between-beats');
    await s.until((l) => l.length === 1);
    expect(s.lines[0]).toBe('{}');
    timers.advance(29_999);
    await emitJob('between-beats');
    await s.until((l) => batches(l).length >= 1);
    expect(s.lines.filter((l) => l === '{}')).toHaveLength(1);
    timers.advance(1);
    await s.until((l) => l.filter((x) => x === '{}').length === 2, 'second heartbeat');
    timers.advance(90_000);
    await s.until((l) => l.filter((x) => x === '{}').length === 5, 'three more heartbeats');
    // The control route changes the cadence of open streams too.
    expect((await h.post('/__mock/events/heartbeat', { ms: 5 })).status).toBe(400);
    const changed = await h.post('/__mock/events/heartbeat', { ms: 1000 });
    expect(await changed.json()).toEqual({ HeartbeatMs: 1000 });
    timers.advance(3000);
    await s.until((l) => l.filter((x) => x === '{}').length === 8, 'one heartbeat a second');
  });

  it('evicts a consumer that stops reading once its next batch leaves the buffer, and only that one', async () => {
    h = await startMock({ eventBufferSize: 10 });
    const reader = await stream('/v1/event/stream?index=1000000');
    await reader.until((l) => l.length > 0);
    // A raw client that sends the request and then never reads a byte.
    const port = new URL(h.base).port;
    const socket = connect(Number(port), '127.0.0.1');
    socket.write('GET /v1/event/stream?index=1000000 HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => socket.once('data', r));
    socket.pause();
    expect(h.runtime.broker.subscriberCount).toBe(2);
    // Enough traffic to fill the socket buffers, then ten more batches; small bursts so the
    // reading client keeps up.
    for (let i = 0; i < 1000 && h.runtime.broker.subscriberCount === 2; i++) {
      const res = await h.post('/__mock/events/emit', { count: 4 });
      expect(res.status).toBe(200);
    }
    expect(h.runtime.broker.subscriberCount).toBe(1);
    socket.destroy();
    await reader.until((l) => batches(l).length > 100);
  }, 30_000);

  it('drops a connection whose writes stay blocked for 40 s (the hijacked write deadline)', async () => {
    const timers = new FakeTimers();
    h = await startMock({ timers, eventBufferSize: 100_000 });
    const socket = connect(Number(new URL(h.base).port), '127.0.0.1');
    socket.on('error', () => {});
    socket.write('GET /v1/event/stream?index=1000000 HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => socket.once('data', r));
    socket.pause();
    for (let i = 0; i < 200 && h.runtime.broker.state().Blocked === 0; i++) {
      await h.post('/__mock/events/emit', { count: 25 });
    }
    expect(h.runtime.broker.state().Blocked).toBe(1);
    timers.advance(39_999);
    expect(h.runtime.broker.subscriberCount).toBe(1);
    timers.advance(1);
    // The server cut the connection: its close reaches the broker on the next turns of the loop.
    for (let i = 0; i < 100 && h.runtime.broker.subscriberCount > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(h.runtime.broker.subscriberCount).toBe(0);
    socket.destroy();
  }, 30_000);

  it('drop ends every open stream; stall silences them until resumed, new streams unaffected', async () => {
    const timers = new FakeTimers();
    h = await startMock({ timers });
    const a = await stream('/v1/event/stream?index=1000000&topic=Job:while-stalled');
    await a.until((l) => l.length === 1);
    const stalled = (await (await h.post('/__mock/streams/stall', {})).json()) as { Stalled: number };
    expect(stalled.Stalled).toBe(1);
    await emitJob('while-stalled');
    timers.advance(60_000);
    const b = await stream('/v1/event/stream?index=1000000&topic=Job:while-stalled');
    await b.until((l) => batches(l).length === 1);
    // Stalled: neither the job's events nor two heartbeats' worth of `{}` reached it.
    expect(a.lines).toEqual(['{}']);
    await h.post('/__mock/streams/stall?resume=1', {});
    await a.until((l) => batches(l).some((x) => x.Events[0]!.Key === 'while-stalled'), 'delivery after the stall');
    const dropped = (await (await h.post('/__mock/streams/drop', {})).json()) as { Dropped: number };
    expect(dropped.Dropped).toBe(2);
    await a.ended;
    await b.ended;
    expect(h.runtime.broker.subscriberCount).toBe(0);
  });

  it('a stalled stream that fell out of the buffer stays silent, then closes when the stall ends', async () => {
    h = await startMock({ eventBufferSize: 5, eventAuthStyle: 'legacy' });
    const s = await stream('/v1/event/stream?index=1000000&namespace=*');
    await s.until((l) => l.length === 2);
    await h.post('/__mock/streams/stall', {});
    await h.post('/__mock/events/emit', { count: 20 });
    expect(s.lines).toHaveLength(2);
    expect(h.runtime.broker.subscriberCount).toBe(1);
    await h.post('/__mock/streams/stall', { resume: true });
    expect(await s.ended).toBe('event dropped from buffer');
    expect(s.lines).toHaveLength(2);
  });

  it('the published record equals what a stream with the same parameters received', async () => {
    h = await startMock();
    const after = h.runtime.store.index;
    const s = await stream(`/v1/event/stream?index=${after + 1}&topic=Allocation&topic=Job:rec-job&namespace=*`);
    await emitJob('rec-job');
    await h.post('/__mock/events/emit', { count: 40 });
    const res = await h.get(`/__mock/events/published?after=${after}&topic=Allocation&topic=Job:rec-job&namespace=*`);
    const record = (await res.json()) as { Batches: EventBatch[]; Index: number };
    expect(record.Batches.length).toBeGreaterThan(3);
    const last = record.Batches[record.Batches.length - 1]!;
    await s.until((l) => batches(l).some((b) => b.Index === last.Index && JSON.stringify(b) === JSON.stringify(last)));
    // The stream starts with the newest batch at or before `after` (index beyond the newest).
    expect(dataLines(s)[0]!.Index).toBeLessThanOrEqual(after);
    expect(dataLines(s).filter((b) => b.Index > after)).toEqual(record.Batches);
  });
});
