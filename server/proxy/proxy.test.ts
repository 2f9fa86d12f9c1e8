import { createServer, get, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createApiHandler, type ApiHandler } from '../app.ts';

// Sinks are served in proxy mode too: keep their store away from the user's state directory.
const dataDir = mkdtempSync(join(tmpdir(), 'nomad-live-proxy-test-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const sinks = { dataDir };

/** Everything started by a test, closed after it. */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function listen(server: Server | NetServer): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return (server.address() as AddressInfo).port;
}

interface Seen {
  url: string;
  headers: IncomingMessage['headers'];
}

/** A fake agent: records each request, then runs `respond`. */
async function fakeAgent(respond: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    respond(req, res);
  });
  const port = await listen(server);
  return { server, seen, address: `http://127.0.0.1:${port}` };
}

/** Our server in proxy mode in front of `address`. */
async function proxyTo(address: string, extra: { token?: string; addTokenToBrowserRequests?: boolean } = {}) {
  const logged: string[] = [];
  const api: ApiHandler = createApiHandler({
    nomadAddr: address,
    proxy: { ...extra, log: (l) => logged.push(l) },
    sinks,
  });
  const server = createServer((req, res) => api.handle(req, res, () => res.writeHead(299).end('spa')));
  server.on('upgrade', (req, socket, head) => {
    if (!api.handleUpgrade(req, socket, head)) socket.destroy();
  });
  const port = await listen(server);
  cleanups.push(() => api.close());
  return { base: `http://127.0.0.1:${port}`, port, logged };
}

/** The first body chunk of a GET, without waiting for the end. */
function firstChunk(url: string): Promise<{ res: IncomingMessage; chunk: string; abort: () => void }> {
  return new Promise((resolve, reject) => {
    const req = get(url, (res) => {
      res.once('data', (c: Buffer) => resolve({ res, chunk: c.toString(), abort: () => req.destroy() }));
    });
    req.on('error', reject);
  });
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createNetServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('proxy mode: ordinary requests and blocking queries', () => {
  it('passes a blocking query through with its query string, status, X-Nomad-* headers and body', async () => {
    const agent = await fakeAgent((_req, res) => {
      // The agent holds the query open like `?index=&wait=` does, then answers.
      setTimeout(() => {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'X-Nomad-Index': '42',
          'X-Nomad-KnownLeader': 'true',
        });
        res.end('[{"ID":"web"}]');
      }, 400);
    });
    const { base } = await proxyTo(agent.address);
    const started = Date.now();
    const res = await fetch(`${base}/v1/jobs?namespace=prod&index=41&wait=5m`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-nomad-index')).toBe('42');
    expect(res.headers.get('x-nomad-knownleader')).toBe('true');
    expect(await res.json()).toEqual([{ ID: 'web' }]);
    expect(agent.seen[0]!.url).toBe('/v1/jobs?namespace=prod&index=41&wait=5m');
  });

  it('forwards request bodies and error statuses verbatim', async () => {
    const agent = await fakeAgent((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`got ${req.method} ${body}`));
    });
    const { base } = await proxyTo(agent.address);
    const res = await fetch(`${base}/v1/job/web/plan`, { method: 'PUT', body: '{"Job":{}}' });
    expect([res.status, await res.text()]).toEqual([400, 'got PUT {"Job":{}}']);
  });

  it('serves no /__mock routes and passes non-API paths on to the SPA', async () => {
    const agent = await fakeAgent((_req, res) => res.end('agent'));
    const { base } = await proxyTo(agent.address);
    expect((await fetch(`${base}/__mock/reset`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/__mock/`)).status).toBe(404);
    expect(await (await fetch(`${base}/jobs`)).text()).toBe('spa');
    expect(agent.seen).toHaveLength(0);
  });

  it('keeps a NOMAD_ADDR path prefix', async () => {
    const agent = await fakeAgent((_req, res) => res.end('ok'));
    const { base } = await proxyTo(`${agent.address}/nomad/`);
    await fetch(`${base}/v1/regions?stale=`);
    expect(agent.seen[0]!.url).toBe('/nomad/v1/regions?stale=');
  });
});

describe('proxy mode: streams', () => {
  it('forwards the first byte of a stream at once, uncompressed, while the agent keeps it open', async () => {
    const agent = await fakeAgent((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
      res.write('{}\n'); // the initial heartbeat; nothing more for a while
    });
    const { base } = await proxyTo(agent.address);
    const started = Date.now();
    const { res, chunk, abort } = await firstChunk(`${base}/v1/event/stream?topic=Job`);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(chunk).toBe('{}\n');
    expect(res.headers['cache-control']).toBe('no-cache');
    abort();
    // get() sends no Accept-Encoding; make sure a browser's one is dropped for streams.
    const withGzip = await new Promise<Seen>((resolve) => {
      const req = get(`${base}/v1/client/fs/logs/abc?task=web&follow=true`, { headers: { 'Accept-Encoding': 'gzip' } });
      req.on('response', () => {
        resolve(agent.seen.at(-1)!);
        req.destroy();
      });
    });
    expect(withGzip.headers['accept-encoding']).toBeUndefined();
  });

  it('forwards each later chunk as it comes, and a hijacked stream (no length, no chunking) until close', async () => {
    // Nomad 2.x hijacks the connection: raw status line, headers, then bytes until close.
    const raw = createNetServer((socket) => {
      socket.once('data', () => {
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n{}\n',
        );
        setTimeout(() => socket.write('{"Events":[],"Index":7}\n'), 200);
        setTimeout(() => socket.end('{"Events":[],"Index":8}\n'), 400);
      });
    });
    const port = await listen(raw);
    const { base } = await proxyTo(`http://127.0.0.1:${port}`);
    const arrivals: { at: number; text: string }[] = [];
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      get(`${base}/v1/event/stream`, (res) => {
        res.on('data', (c: Buffer) => arrivals.push({ at: Date.now() - started, text: c.toString() }));
        res.on('end', resolve);
      }).on('error', reject);
    });
    expect(arrivals.map((a) => a.text).join('')).toBe('{}\n{"Events":[],"Index":7}\n{"Events":[],"Index":8}\n');
    // Three separate arrivals, the first long before the agent closed.
    expect(arrivals.length).toBeGreaterThanOrEqual(3);
    expect(arrivals[0]!.at).toBeLessThan(150);
  });

  it('aborts the agent request when the browser goes away', async () => {
    let agentSawClose!: () => void;
    const closed = new Promise<void>((r) => (agentSawClose = r));
    const agent = await fakeAgent((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('line 1\n');
      res.on('close', agentSawClose);
    });
    const { base } = await proxyTo(agent.address);
    const { abort } = await firstChunk(`${base}/v1/client/fs/stream/abc?path=/alloc/logs/web.stdout.0`);
    abort();
    await closed;
    expect(agent.seen).toHaveLength(1);
  });
});

describe('proxy mode: headers and tokens', () => {
  it('removes hop-by-hop headers both ways, keeps X-Nomad-* and adds X-Forwarded-*', async () => {
    const agent = await fakeAgent((_req, res) => {
      res.setHeader('Connection', 'X-Agent-Hop');
      res.setHeader('X-Agent-Hop', 'secret');
      res.setHeader('X-Nomad-Index', '9');
      res.end('ok');
    });
    const { base, port } = await proxyTo(agent.address);
    const res = await new Promise<IncomingMessage>((resolve) => {
      const req = request(`${base}/v1/nodes`, {
        headers: {
          Connection: 'keep-alive, X-Browser-Hop',
          'X-Browser-Hop': '1',
          'Proxy-Authorization': 'Basic abc',
          Cookie: 'session=ours',
          'X-Nomad-Token': 'browser-secret',
          'Accept-Encoding': 'gzip',
        },
      });
      req.on('response', resolve);
      req.end();
    });
    res.resume();
    const seen = agent.seen[0]!.headers;
    expect(seen['x-browser-hop']).toBeUndefined();
    expect(seen['proxy-authorization']).toBeUndefined();
    expect(seen.cookie).toBeUndefined();
    expect(seen['x-nomad-token']).toBe('browser-secret');
    expect(seen['accept-encoding']).toBe('gzip');
    expect(seen.host).toBe(new URL(agent.address).host);
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-forwarded-host']).toBe(`127.0.0.1:${port}`);
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(res.headers['x-agent-hop']).toBeUndefined();
    expect(res.headers['x-nomad-index']).toBe('9');
  });

  it('never adds NOMAD_TOKEN to browser requests by default', async () => {
    const agent = await fakeAgent((_req, res) => res.end('ok'));
    const { base } = await proxyTo(agent.address, { token: 'server-secret' });
    await fetch(`${base}/v1/jobs`);
    expect(agent.seen[0]!.headers['x-nomad-token']).toBeUndefined();
  });

  it('with the opt-in, adds NOMAD_TOKEN only to requests that carry no token', async () => {
    const agent = await fakeAgent((_req, res) => res.end('ok'));
    const { base, logged } = await proxyTo(agent.address, { token: 'server-secret', addTokenToBrowserRequests: true });
    await fetch(`${base}/v1/jobs`);
    await fetch(`${base}/v1/jobs`, { headers: { 'X-Nomad-Token': 'mine' } });
    await fetch(`${base}/v1/jobs`, { headers: { Authorization: 'Bearer mine-too' } });
    expect(agent.seen.map((s) => s.headers['x-nomad-token'])).toEqual(['server-secret', 'mine', undefined]);
    expect(logged.join('\n')).not.toContain('server-secret');
  });

  it('exposes the agent and requestUpstream() with the server token for server-side workers', async () => {
    const agent = await fakeAgent((_req, res) => res.end('ok'));
    const api = createApiHandler({ nomadAddr: agent.address, proxy: { token: 'server-secret' }, sinks });
    cleanups.push(() => api.close());
    expect(api.mode).toBe('proxy');
    if (api.mode !== 'proxy') return;
    const res = await api.upstream.requestUpstream('/v1/event/stream?topic=Job');
    res.resume();
    expect(res.statusCode).toBe(200);
    expect(agent.seen[0]).toMatchObject({ url: '/v1/event/stream?topic=Job' });
    expect(agent.seen[0]!.headers['x-nomad-token']).toBe('server-secret');
  });
});

describe('proxy mode: agent down', () => {
  it('answers 502 text/plain naming the address and the cause, without a token in the log', async () => {
    const port = await closedPort();
    const { base, logged } = await proxyTo(`http://127.0.0.1:${port}`, { token: 'server-secret' });
    const res = await fetch(`${base}/v1/jobs`, { headers: { 'X-Nomad-Token': 'browser-secret' } });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toBe(`cannot reach Nomad at http://127.0.0.1:${port}: ECONNREFUSED`);
    expect(logged).toEqual([text]);
    expect(logged.join()).not.toMatch(/secret/);
  });

  it('answers a WebSocket upgrade with the same 502', async () => {
    const port = await closedPort();
    const { base } = await proxyTo(`http://127.0.0.1:${port}`);
    const ws = new WebSocket(`${base.replace('http', 'ws')}/v1/client/allocation/a/exec?task=web`);
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(502);
  });
});

describe('proxy mode: exec WebSocket', () => {
  async function wsAgent(onConnection: (socket: WebSocket, req: IncomingMessage) => void) {
    const server = createServer();
    const wss = new WebSocketServer({ server });
    const origins: (string | undefined)[] = [];
    wss.on('connection', (socket, req) => {
      origins.push(req.headers.origin);
      onConnection(socket, req);
    });
    cleanups.push(() => {
      for (const c of wss.clients) c.terminate();
      wss.close();
    });
    const port = await listen(server);
    return { address: `http://127.0.0.1:${port}`, origins };
  }

  function session(url: string, headers: Record<string, string> = {}) {
    const ws = new WebSocket(url, { headers });
    const messages: string[] = [];
    ws.on('message', (m: Buffer) => messages.push(m.toString()));
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('error', () => {});
    return { ws, messages, closed, opened: new Promise<void>((r) => ws.once('open', () => r())) };
  }

  it('passes frames (the handshake frame untouched) and the close code and reason through', async () => {
    const agent = await wsAgent((socket) => {
      socket.once('message', (first: Buffer) => {
        socket.send(`handshake was ${first.toString()}`);
        socket.once('message', () => socket.close(1008, 'unknown task name "x"'));
      });
    });
    const { base, port } = await proxyTo(agent.address);
    const s = session(`ws://127.0.0.1:${port}/v1/client/allocation/a/exec?task=x&ws_handshake=true`, {
      Origin: base,
    });
    await s.opened;
    s.ws.send('{"version":1,"auth_token":"browser-secret"}');
    await expect.poll(() => s.messages).toEqual(['handshake was {"version":1,"auth_token":"browser-secret"}']);
    s.ws.send('{"tty_size":{"height":24,"width":80}}');
    expect(await s.closed).toEqual({ code: 1008, reason: 'unknown task name "x"' });
    // Nomad's origin check compares the Origin's host with its own Host: rewritten for it.
    expect(agent.origins).toEqual([agent.address]);
  });

  it('mirrors a drop without a close frame as a drop (1006), after the exit frame', async () => {
    const agent = await wsAgent((socket) => {
      socket.send('{"exited":true,"result":{}}');
      setTimeout(() => socket.terminate(), 50);
    });
    const { port } = await proxyTo(agent.address);
    const s = session(`ws://127.0.0.1:${port}/v1/client/allocation/a/exec?task=web`);
    expect((await s.closed).code).toBe(1006);
    expect(s.messages).toEqual(['{"exited":true,"result":{}}']);
  });

  it('refuses a cross-origin WebSocket and passes the agent’s non-upgrade answers on', async () => {
    const agent = await wsAgent(() => {});
    const { port } = await proxyTo(agent.address);
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/client/allocation/a/exec?task=web`, {
        headers: { Origin: 'https://evil.example' },
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(refused).toBe(403);
    expect(agent.origins).toEqual([]);

    const plain = await fakeAgent((_req, res) =>
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('command is not present'),
    );
    const p2 = await proxyTo(plain.address);
    const answer = await new Promise<{ status: number; body: string }>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${p2.port}/v1/client/allocation/a/exec?task=web&command=[]`);
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.on('error', () => {});
    });
    expect(answer).toEqual({ status: 500, body: 'command is not present' });
  });
});
