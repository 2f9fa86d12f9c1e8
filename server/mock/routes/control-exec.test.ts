import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRuntime, type MockRuntime } from '../runtime.ts';
import { FIXED_NOW } from '../test-harness.ts';
import type { AllocationWire } from '../wire.ts';

let runtime: MockRuntime;
let server: Server;
let base: string;

beforeAll(async () => {
  runtime = createRuntime({ seed: 1, now: () => FIXED_NOW });
  server = createServer((req, res) => runtime.cluster.handle(req, res));
  server.on('upgrade', (req, socket, head) => {
    if (!runtime.cluster.upgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await runtime.cluster.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function runningAlloc(job: string): AllocationWire {
  const a = runtime.store.list('allocs').find((x) => x.JobID === job && x.ClientStatus === 'running');
  if (!a) throw new Error(`no running ${job} alloc in the seed`);
  return a;
}

interface Session {
  closed: Promise<{ code: number; reason: string; frames: number }>;
}

/** Opens a shell session and resolves once its prompt is out. */
async function openSession(alloc: AllocationWire): Promise<Session> {
  const task = Object.keys(alloc.TaskStates ?? {})[0] ?? '';
  const q = new URLSearchParams({ task, tty: 'true', command: '["/bin/sh"]', ws_handshake: 'true' });
  const ws = new WebSocket(`ws://${base}/v1/client/allocation/${alloc.ID}/exec?${q}`);
  let frames = 0;
  let ready!: () => void;
  const prompt = new Promise<void>((resolve) => (ready = resolve));
  ws.on('open', () => ws.send(JSON.stringify({ version: 1, auth_token: '' })));
  ws.on('message', () => {
    frames++;
    ready();
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string; frames: number }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), frames })),
  );
  const early = await Promise.race([prompt.then(() => undefined), closed]);
  if (early) throw new Error(`the session ended before its prompt: ${early.code} ${early.reason}`);
  return { closed };
}

const close = (query: string) => fetch(`http://${base}/__mock/exec/close?${query}`, { method: 'POST' });

describe('POST /__mock/exec/close', () => {
  it.each([
    [1000, 'agent shutting down'],
    [1008, 'task "envoy" is not running.'],
    [1011, 'rpc error: EOF'],
  ])('closes an open session with %i and the reason', async (code, reason) => {
    const s = await openSession(runningAlloc('api-gateway'));
    const res = await close(`code=${code}&reason=${encodeURIComponent(reason)}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ Closed: 1 });
    const end = await s.closed;
    expect([end.code, end.reason]).toEqual([code, reason]);
  });

  it('1006 drops the connection without a close frame', async () => {
    const s = await openSession(runningAlloc('api-gateway'));
    expect(await (await close('code=1006')).json()).toEqual({ Closed: 1 });
    const end = await s.closed;
    expect([end.code, end.reason]).toEqual([1006, '']);
  });

  it('closes only the sessions of one allocation, chosen by an ID prefix in any case', async () => {
    const gateway = runningAlloc('api-gateway');
    const other = runningAlloc('redis-cache');
    const a = await openSession(gateway);
    const b = await openSession(other);
    const res = await close(`code=1011&reason=boom&alloc=${gateway.ID.slice(0, 4).toUpperCase()}`);
    expect(await res.json()).toEqual({ Closed: 1 });
    expect((await a.closed).code).toBe(1011);
    // The other session is still open: closing everything now closes exactly it.
    expect(await (await close('code=1000')).json()).toEqual({ Closed: 1 });
    expect((await b.closed).code).toBe(1000);
    expect(await (await close('code=1000')).json()).toEqual({ Closed: 0 });
  });

  it('refuses bad parameters with a message naming them', async () => {
    for (const [query, text] of [
      ['code=1001', 'code must be one of 1000, 1006, 1008, 1011'],
      ['', 'code must be one of 1000, 1006, 1008, 1011'],
      ['code=1006&reason=x', 'code 1006 sends no close frame, so it takes no reason'],
      [`code=1011&reason=${'x'.repeat(124)}`, 'reason must be at most 123 bytes (a WebSocket close frame limit)'],
      ['code=1000&alloc=../x', 'alloc must be an allocation ID or a prefix of one'],
    ] as const) {
      const res = await close(query);
      expect([res.status, await res.text()]).toEqual([400, text]);
    }
  });
});
