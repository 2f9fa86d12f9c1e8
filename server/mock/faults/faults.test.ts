import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRuntime } from '../runtime.ts';
import { FIXED_NOW, startMock, type Harness } from '../test-harness.ts';
import { parseFaultConfig } from './config.ts';
import type { FaultCounters } from './output.ts';

let h: Harness;
beforeEach(async () => {
  h = await startMock({ seed: 1 });
});
afterEach(() => h.close());

const put = (body: unknown) =>
  fetch(`${h.base}/__mock/faults`, {
    method: 'PUT',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });

const counters = async () => ((await (await h.get('/__mock/faults')).json()) as { Counters: FaultCounters }).Counters;

/** Reads a response as raw bytes until it ends, fails, or `quietMs` pass without bytes. */
function readRaw(
  path: string,
  quietMs = 1500,
): Promise<{ status: number; body: Buffer; outcome: 'end' | 'error' | 'quiet'; writes: number }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let status = 0;
    let writes = 0;
    let timer: NodeJS.Timeout | undefined;
    const done = (outcome: 'end' | 'error' | 'quiet') => {
      clearTimeout(timer);
      resolve({ status, body: Buffer.concat(chunks), outcome, writes });
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        req.destroy();
        done('quiet');
      }, quietMs);
    };
    const req = request(`${h.base}${path}`, (res) => {
      status = res.statusCode ?? 0;
      arm();
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        writes++;
        arm();
      });
      res.on('end', () => done('end'));
      res.on('error', () => done('error'));
      res.on('aborted', () => done('error'));
    });
    req.on('error', () => done('error'));
    req.end();
  });
}

describe('/__mock/faults', () => {
  it('starts empty, refuses a bad config naming the field, and shows the active config', async () => {
    expect(await (await h.get('/__mock/faults')).json()).toMatchObject({ Config: null, Counters: { Requests: 0 } });
    const bad = await put({ stall: { rate: 0.5, afterBytes: [9, 1] } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('stall.afterBytes');
    const ok = await put({ seed: 9, split: { rate: 1 } });
    expect(await ok.json()).toMatchObject({ Config: { seed: 9, paths: ['/v1/'], split: { rate: 1 } } });
    const cleared = await fetch(`${h.base}/__mock/faults`, { method: 'DELETE' });
    expect(await cleared.json()).toMatchObject({ Config: null });
  });

  it('answers plain requests with the configured errors, Nomad texts included', async () => {
    await put({ errors: { rate: 1, kinds: ['no-leader'] } });
    const res = await h.get('/v1/jobs');
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('No cluster leader');
    await put({ errors: { rate: 1, kinds: ['503'] } });
    expect((await h.get('/v1/nodes')).status).toBe(503);
    // Control routes are never faulted.
    expect((await h.get('/__mock/scenario')).status).toBe(200);
    expect(await counters()).toMatchObject({ Requests: 2, Errors: 2 });
  });

  it('only faults the configured path prefixes', async () => {
    await put({ paths: ['/v1/nodes'], errors: { rate: 1 } });
    expect((await h.get('/v1/jobs')).status).toBe(200);
    expect((await h.get('/v1/nodes')).status).toBeGreaterThanOrEqual(500);
  });

  it('delivers the same bytes when writes are split and dripped, only in more pieces', async () => {
    const clean = await readRaw('/v1/jobs');
    await put({ split: { rate: 1 }, drip: { rate: 1, bytes: 300, maxDelayMs: 1, afterBytes: [50, 100] } });
    const faulted = await readRaw('/v1/jobs');
    expect(faulted.outcome).toBe('end');
    expect(faulted.body.equals(clean.body)).toBe(true);
    expect(faulted.writes).toBeGreaterThan(clean.writes + 100);
    expect(await counters()).toMatchObject({ Split: 1, Dripped: 1 });
  });

  it('drops a plain response after the chosen number of bytes', async () => {
    await put({ drop: { rate: 1, afterBytes: [200, 200] } });
    const res = await readRaw('/v1/jobs');
    expect(res.outcome).toBe('error');
    expect(res.body.length).toBeLessThanOrEqual(200);
    expect(await counters()).toMatchObject({ Dropped: 1 });
  });

  it('adds latency before the answer', async () => {
    await put({ latency: { ms: 150, jitterMs: 0 } });
    const t0 = Date.now();
    expect((await h.get('/v1/jobs')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(await counters()).toMatchObject({ Delayed: 1 });
  });

  it('garbles event stream lines one by one and keeps every other line intact', async () => {
    await h.post('/__mock/events/emit', { count: 20 });
    const clean = (await readRaw('/v1/event/stream?index=1', 400)).body.toString('utf8').split('\n');
    await put({ paths: ['/v1/event/stream'], seed: 4, garble: { rate: 0.3 } });
    const garbled = (await readRaw('/v1/event/stream?index=1', 400)).body.toString('utf8').split('\n');
    expect(garbled.length).toBe(clean.length);
    let bad = 0;
    garbled.forEach((line, i) => {
      if (line === '') return;
      try {
        JSON.parse(line);
        expect(line).toBe(clean[i]);
      } catch {
        bad++;
      }
    });
    expect(bad).toBeGreaterThan(0);
    expect((await counters()).Garbled).toBe(bad);
  });

  it('stalls a stream after N bytes: nothing more, heartbeats included, until the client leaves', async () => {
    await h.runtime.broker.setHeartbeat(50);
    await put({ paths: ['/v1/event/stream'], stall: { rate: 1, afterBytes: [3, 3], ms: 0 } });
    const res = await readRaw('/v1/event/stream', 500);
    expect(res.outcome).toBe('quiet');
    expect(res.body.toString()).toBe('{}\n');
    expect(await counters()).toMatchObject({ Stalled: 1 });
  });

  it('drops streams after dropEveryMs', async () => {
    await put({ paths: ['/v1/event/stream'], drop: { rate: 0, dropEveryMs: [100, 100] } });
    const t0 = Date.now();
    const res = await readRaw('/v1/event/stream', 3000);
    expect(res.outcome).not.toBe('quiet');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await counters()).toMatchObject({ Dropped: 1 });
  });
});

describe('fs streams', () => {
  it('garbles whole frames of a following log, sent uncompressed so frames stay visible', async () => {
    const alloc = h.runtime.store
      .list('allocs')
      .find((a) => a.ClientStatus === 'running' && a.Namespace === 'default' && a.TaskStates)!;
    const task = Object.keys(alloc.TaskStates!)[0]!;
    await put({ paths: ['/v1/client/fs/logs/'], garble: { rate: 1 } });
    const { headers, body } = await new Promise<{ headers: Record<string, unknown>; body: string }>((resolve) => {
      const chunks: Buffer[] = [];
      const req = request(
        `${h.base}/v1/client/fs/logs/${alloc.ID}?task=${task}&type=stdout&origin=start&follow=true`,
        { headers: { 'Accept-Encoding': 'gzip' } },
        (res) => {
          res.on('data', (c: Buffer) => chunks.push(c));
          setTimeout(() => {
            req.destroy();
            resolve({ headers: res.headers, body: Buffer.concat(chunks).toString('latin1') });
          }, 600);
        },
      );
      req.on('error', () => undefined);
      req.end();
    });
    expect(headers['content-encoding']).toBeUndefined();
    // Every non-heartbeat frame is garbled: bad JSON, or Data that is not whole base64.
    const frames = body.match(/\{[^{}]*\}/g) ?? [];
    const data = frames.filter((f) => f !== '{}');
    expect(data.length).toBeGreaterThan(0);
    for (const f of data) {
      let parsed: { Data?: string } | undefined;
      try {
        parsed = JSON.parse(f) as { Data?: string };
      } catch {
        continue;
      }
      expect((parsed.Data ?? '').length % 4).not.toBe(0);
    }
    expect((await counters()).Garbled).toBeGreaterThanOrEqual(data.length);
  });
});

describe('POST /__mock/restart', () => {
  it('cuts open streams, refuses /v1 during the downtime, keeps the state and empties the event buffer', async () => {
    await h.post('/__mock/events/emit', { count: 5 });
    const index = h.runtime.store.index;
    const open = readRaw('/v1/event/stream?index=1', 5000);
    await expect.poll(() => h.runtime.broker.subscriberCount).toBe(1);
    const res = await h.post('/__mock/restart?downtime=400', {});
    expect(await res.json()).toEqual({ DowntimeMs: 400, Index: index });
    const cut = await open;
    expect(cut.outcome).not.toBe('quiet');
    await expect(h.get('/v1/jobs')).rejects.toThrow();
    expect(h.runtime.broker.state().Buffered).toBe(0);
    await expect
      .poll(async () => (await h.get('/v1/jobs').catch(() => undefined))?.status, { timeout: 2000 })
      .toBe(200);
    expect(h.runtime.store.index).toBe(index);
    // A subscription after the restart sees only what was published after it.
    await h.post('/__mock/events/emit', { count: 1 });
    const after = (await readRaw('/v1/event/stream?index=1', 300)).body.toString('utf8');
    const indexes = after
      .split('\n')
      .filter((l) => l.startsWith('{"Events"'))
      .map((l) => (JSON.parse(l) as { Index: number }).Index);
    expect(indexes.length).toBeGreaterThan(0);
    expect(Math.min(...indexes)).toBeGreaterThan(index);
  });

  it('refuses a bad downtime', async () => {
    const res = await h.post('/__mock/restart?downtime=soon', {});
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('downtime');
  });
});

describe('exec WebSockets', () => {
  it('are delayed, then dropped without a close frame after the chosen bytes (the browser sees 1006)', async () => {
    const runtime = createRuntime({ seed: 1, now: () => FIXED_NOW });
    const server = createServer((req, res) => runtime.cluster.handle(req, res));
    server.on('upgrade', (req, socket, head) => {
      if (!runtime.cluster.upgrade(req, socket, head)) socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const alloc = runtime.store.list('allocs').find((a) => a.ClientStatus === 'running' && a.TaskStates)!;
      const task = Object.keys(alloc.TaskStates!)[0]!;
      runtime.faults.configure(
        parseFaultConfig({
          paths: ['/v1/client/allocation/'],
          latency: { ms: 100 },
          split: { rate: 1 },
          drop: { rate: 1, afterBytes: [400, 400] },
        }),
      );
      const port = (server.address() as AddressInfo).port;
      const command = encodeURIComponent(JSON.stringify(['/bin/sh']));
      const ws = new WebSocket(
        `ws://127.0.0.1:${port}/v1/client/allocation/${alloc.ID}/exec?task=${task}&command=${command}&tty=true`,
      );
      const t0 = Date.now();
      let opened = 0;
      ws.on('open', () => {
        opened = Date.now() - t0;
        ws.send(JSON.stringify({ version: 1, auth_token: '' }));
        ws.send(JSON.stringify({ stdin: { data: Buffer.from('ls -la /\n').toString('base64') } }));
      });
      const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
      expect(opened).toBeGreaterThanOrEqual(90);
      expect(code).toBe(1006);
      expect(runtime.faults.counters).toMatchObject({ Requests: 1, Delayed: 1, Dropped: 1, Split: 1 });
    } finally {
      await runtime.cluster.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
