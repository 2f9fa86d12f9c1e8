/**
 * Malformed, oversized and hostile requests to our own server, in mock mode and in proxy
 * mode: every one gets a clear 4xx, nothing is written (sinks.json is byte-identical), and
 * the server keeps serving. Raw sockets are used where fetch would normalise the request.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler, type ApiHandler } from './app.ts';
import { startMock, type Harness } from './mock/test-harness.ts';
import { createStaticHandler } from './static.ts';

interface App {
  base: string;
  port: number;
  dataDir: string;
  close(): Promise<void>;
}

/** The same composition as server/main.ts: API handler first, then the built SPA. */
async function startApp(nomadAddr?: string): Promise<App> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nomad-live-hostile-'));
  const dist = join(dataDir, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(dist, 'assets', 'app-1.js'), 'console.log(1)');
  writeFileSync(join(dataDir, 'secret.txt'), 'outside dist');
  const api: ApiHandler = createApiHandler({
    ...(nomadAddr ? { nomadAddr } : { mock: { seed: 1 } }),
    sinks: { dataDir, log: () => {} },
  });
  const serveStatic = createStaticHandler(dist);
  const server: Server = createServer((req, res) =>
    api.handle(req, res, () => {
      serveStatic(req, res).catch(() => res.writeHead(500).end('Internal error'));
    }),
  );
  server.on('upgrade', (req, socket, head) => {
    if (!api.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await api.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `head` (+ body) as is and reads the answer; `status` 0 when the connection was dropped. */
function raw(port: number, head: string, body: Buffer | string = ''): Promise<RawResponse> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    // No half-close: Node's server drops a request whose client sent FIN before the answer.
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      if (body.length > 0) socket.write(body);
    });
    const done = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const at = text.indexOf('\r\n\r\n');
      const lines = (at === -1 ? text : text.slice(0, at)).split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        if (i > 0) headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      let rest = at === -1 ? '' : text.slice(at + 4);
      if (headers['transfer-encoding'] === 'chunked') rest = dechunk(rest);
      resolve({ status, headers, body: rest });
    };
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('end', done);
    socket.on('error', done);
  });
}

function dechunk(s: string): string {
  let out = '';
  let rest = s;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, nl), 16);
    if (!size) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
}

function request(port: number, method: string, target: string, body = '', extra = ''): Promise<RawResponse> {
  const length = body ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` : '';
  return raw(port, `${method} ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${length}${extra}\r\n`, body);
}

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const sinkBody = (id: string, extra = '') =>
  `{"ID":${JSON.stringify(id)},"Type":"webhook","Address":"http://127.0.0.1:9/hook","Topics":{"Job":["*"]}${extra}}`;

/** Hostile sink requests, run against one app; every one must leave sinks.json as it was. */
function sinkCases(app: () => App) {
  let before = '';
  const sinksFile = () => readFileSync(join(app().dataDir, 'sinks.json'), 'utf8');
  const put = (id: string, body: string, extra = '') => request(app().port, 'PUT', `/v1/event/sink/${id}`, body, extra);

  beforeAll(async () => {
    expect((await put('s1', sinkBody('s1'))).status).toBe(200);
    before = sinksFile();
  });

  it('refuses a body over the limit with a readable 413, and writes nothing', async () => {
    const res = await fetch(`${app().base}/v1/event/sink/s1`, {
      method: 'PUT',
      body: sinkBody('s1', `,"Pad":"${'x'.repeat(2 << 20)}"`),
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe('Request body too large: at most 1048576 bytes are accepted');
    // A declared length over the limit is refused before the body is read.
    const declared = await raw(
      app().port,
      'PUT /v1/event/sink/s1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 99999999999\r\n\r\n',
      '{"ID":"s1"',
    );
    expect(declared.status).toBe(413);
    expect(sinksFile()).toBe(before);
  });

  it('refuses 100,000 levels of nesting (whole body or inside a valid sink) with a 400, without blowing the stack', async () => {
    for (const body of [
      deep(100_000),
      sinkBody('s1', `,"X":${deep(100_000)}`),
      `{"ID":"s1","Topics":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
    ]) {
      const res = await put('s1', body);
      expect(res.status).toBe(400);
      expect(res.body).toBe('Request body is not valid JSON: it nests deeper than 10000 levels');
    }
    expect(sinksFile()).toBe(before);
  });

  it('refuses invalid JSON, invalid UTF-8 and bodies that are not a sink with 400s', async () => {
    const cases: [string | Buffer, RegExp][] = [
      ['{"ID":"s1",', /^Request body is not valid JSON: /],
      ['hello', /^Request body is not valid JSON: /],
      [Buffer.from([0x7b, 0x22, 0x49, 0x44, 0x22, 0x3a, 0x22, 0xc0, 0xae, 0x22, 0x7d]), /not valid UTF-8/],
      ['[]', /^Event sink name does not match request path$/],
      ['null', /^Event sink name does not match request path$/],
      ['42', /^Event sink name does not match request path$/],
      ['{"ID":"s1","Type":"webhook","Address":"javascript:alert(1)","Topics":{"Job":["*"]}}', /must use http or https/],
      [
        '{"ID":"s1","Type":"webhook","Address":"http://x","Topics":{"Job":[{"a":1}]},"Headers":{"A\\r\\nB":"x"}}',
        /errors occurred/,
      ],
    ];
    for (const [body, want] of cases) {
      const buf = typeof body === 'string' ? Buffer.from(body) : body;
      const res = await raw(
        app().port,
        `PUT /v1/event/sink/s1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${buf.length}\r\n\r\n`,
        buf,
      );
      expect([res.status, res.body]).toEqual([400, expect.stringMatching(want)]);
    }
    expect(sinksFile()).toBe(before);
  });

  it('answers methods a route does not serve with 405 Invalid method and an Allow header', async () => {
    const cases: [string, string, string][] = [
      ['PATCH', '/v1/event/sink/s1', 'GET, POST, PUT, DELETE'],
      ['POST', '/v1/event/sinks', 'GET'],
      ['DELETE', '/v1/event/sinks', 'GET'],
      ['DELETE', '/v1/event/sink/s1/deliveries', 'GET'],
      ['GET', '/v1/event/sink/s1/test', 'POST, PUT'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await request(app().port, method, path);
      expect([res.status, res.body, res.headers.allow]).toEqual([405, 'Invalid method', allow]);
    }
    expect(sinksFile()).toBe(before);
  });

  it('never lets a path parameter reach another sink: dot segments, encoded slashes, NUL, overlong UTF-8, backslashes', async () => {
    const invalid = [
      '..',
      '.',
      '%2e%2e',
      '%2E%2E',
      'x/../s1',
      'x/%2e%2e/s1',
      'a%2fs1',
      'a%00b',
      '%c0%ae%c0%ae',
      '%c0%afs1',
      '%zz',
      '',
    ];
    for (const id of invalid) {
      for (const method of ['GET', 'DELETE', 'PUT']) {
        const res = await request(app().port, method, `/v1/event/sink/${id}`, method === 'PUT' ? sinkBody('s1') : '');
        expect([method, id, res.status]).toEqual([method, id, 400]);
      }
    }
    // A sink named ".." could never be addressed by a browser again: refused, with the reason.
    const dots = await request(app().port, 'PUT', '/v1/event/sink/%2E%2E', sinkBody('..'));
    expect([dots.status, dots.body]).toEqual([400, 'Sink ID must not be "." or ".."']);
    expect(sinksFile()).toBe(before);
    // Backslashes are ordinary characters in an ID: such a sink simply does not exist, and
    // deleting a missing sink succeeds (Nomad's rule) without touching the others.
    for (const id of ['..%5c..%5cs1', '..\\s1']) {
      expect((await request(app().port, 'GET', `/v1/event/sink/${id}`)).status).toBe(404);
      expect((await request(app().port, 'PUT', `/v1/event/sink/${id}`, sinkBody('s1'))).status).toBe(400);
      expect((await request(app().port, 'DELETE', `/v1/event/sink/${id}`)).status).toBe(200);
    }
    const sinksOf = (text: string) => (JSON.parse(text) as { Sinks: unknown[] }).Sinks;
    expect(sinksOf(sinksFile())).toEqual(sinksOf(before));
    before = sinksFile();
    expect((await request(app().port, 'GET', '/v1/event/sink/s1')).status).toBe(200);
  });

  it('answers absurd query values with Nomad’s 400s (and clamps a huge wait)', async () => {
    const cases: [string, number, string | RegExp][] = [
      ['?index=-1', 400, 'Invalid index'],
      ['?index=99999999999999999999999', 400, 'Invalid index'],
      ['?index=1e3', 400, 'Invalid index'],
      ['?wait=forever', 400, 'Invalid wait time'],
      ['?wait=9999999999999999h', 400, 'Invalid wait time'],
      ['?stale=maybe', 400, 'Expect `true` or `false` for `stale` query string parameter'],
      ['?per_page=99999999999999999999', 400, 'Expect a number for `per_page` query string parameter'],
      ['?index=1&wait=99999h', 200, /"ID":"s1"/],
    ];
    for (const [query, status, body] of cases) {
      const res = await request(app().port, 'GET', `/v1/event/sinks${query}`);
      expect(res.status, query).toBe(status);
      if (typeof body === 'string') expect(res.body).toBe(body);
      else expect(res.body).toMatch(body);
    }
  });

  it('refuses very long URLs and headers with 431 and keeps serving', async () => {
    expect((await request(app().port, 'GET', `/v1/event/sinks?x=${'a'.repeat(70_000)}`)).status).toBe(431);
    expect((await request(app().port, 'GET', '/v1/event/sinks', '', `X-Big: ${'a'.repeat(70_000)}\r\n`)).status).toBe(
      431,
    );
    expect((await request(app().port, 'GET', '/v1/event/sinks')).status).toBe(200);
    expect(sinksFile()).toBe(before);
  });
}

describe('hostile requests in mock mode', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  describe('sinks', () => sinkCases(() => app));

  it('answers path traversal in the fs routes with Nomad’s texts and never a host file', async () => {
    const allocs = (await (await fetch(`${app.base}/v1/allocations`)).json()) as { ID: string; ClientStatus: string }[];
    const alloc = allocs.find((a) => a.ClientStatus === 'running')!.ID;
    const escapes = [
      '../../etc/passwd',
      '/alloc/../../../etc/passwd',
      '%2e%2e%2f%2e%2e%2fetc',
      'alloc/%2e%2e/%2e%2e/x',
    ];
    const expected: Record<string, number> = { ls: 500, stat: 500, cat: 400, readat: 400, stream: 400 };
    for (const [op, status] of Object.entries(expected)) {
      for (const path of escapes) {
        const extra = op === 'readat' ? '&offset=0' : op === 'stream' ? '&follow=false' : '';
        const res = await request(app.port, 'GET', `/v1/client/fs/${op}/${alloc}?path=${path}${extra}`);
        expect([op, path, res.status, res.body]).toEqual([op, path, status, 'Path escapes the alloc directory']);
      }
      // NUL, overlong UTF-8 and backslashes are just odd names inside the alloc dir: a 4xx, no crash.
      for (const path of ['alloc/logs/%00', '%c0%ae%c0%ae/x', 'alloc\\..\\..\\x']) {
        const res = await request(app.port, 'GET', `/v1/client/fs/${op}/${alloc}?path=${path}`);
        expect(res.status, `${op} ${path}`).toBeGreaterThanOrEqual(400);
        expect(res.body).not.toContain('root:');
      }
    }
    for (const id of ['..', '%2e%2e', 'a%2fb', 'a%00b', '%c0%ae', '..%5c']) {
      const res = await request(app.port, 'GET', `/v1/client/fs/ls/${id}?path=/`);
      expect(res.status, id).toBeGreaterThanOrEqual(400);
    }
  });

  it('refuses oversized, deeply nested and malformed control-route bodies with 4xx', async () => {
    const big = await fetch(`${app.base}/__mock/jobs`, { method: 'POST', body: 'x'.repeat(3 << 20) });
    expect([big.status, await big.text()]).toEqual([413, 'Request body too large: at most 1000000 bytes are accepted']);
    const nested = await request(app.port, 'POST', '/__mock/jobs', `{"Job":${deep(100_000)}}`);
    expect([nested.status, nested.body]).toEqual([400, 'Failed to decode body: it nests deeper than 10000 levels']);
    const broken = await request(app.port, 'POST', '/__mock/jobs', '{"Job":');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatch(/^Failed to decode body: /);
  });

  it('survives 100,000 levels of nesting sent to every write route (no stack overflow, still serving)', async () => {
    const first = async (path: string) =>
      ((await (await fetch(`${app.base}${path}`)).json()) as { ID: string }[])[0]!.ID;
    const [job, node, alloc] = [await first('/v1/jobs'), await first('/v1/nodes'), await first('/v1/allocations')];
    const routes = [
      `/v1/job/${job}`,
      `/v1/job/${job}/plan`,
      `/v1/job/${job}/dispatch`,
      `/v1/job/${job}/scale`,
      `/v1/acl/token`,
      `/v1/acl/policy/x`,
      `/v1/client/metadata?node_id=${node}`,
      `/v1/node/${node}/drain`,
      `/v1/node/${node}/eligibility`,
      `/v1/client/allocation/${alloc}/restart`,
      `/v1/client/allocation/${alloc}/signal`,
      '/__mock/jobs',
      '/__mock/tokens',
      '/__mock/faults',
      '/__mock/scenario',
      '/__mock/events/emit',
    ];
    const bodies = [deep(100_000), `{"Job":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)},"Meta":${deep(100_000)}}`];
    for (const route of routes) {
      for (const body of bodies) {
        const res = await request(app.port, 'POST', route, body);
        expect(res.status, route).toBeGreaterThanOrEqual(200);
        expect(res.body).not.toMatch(/call stack|RangeError/);
      }
    }
    expect((await request(app.port, 'GET', '/v1/regions')).status).toBe(200);
  });

  it('answers absurd query values on Nomad routes with Nomad’s texts', async () => {
    const cases: [string, number, string][] = [
      ['/v1/jobs?index=-1', 400, 'Invalid index'],
      ['/v1/jobs?index=99999999999999999999999', 400, 'Invalid index'],
      ['/v1/jobs?wait=1y', 400, 'Invalid wait time'],
      [
        '/v1/event/stream?index=99999999999999999999',
        400,
        'Unable to parse index: strconv.Atoi: parsing "99999999999999999999": value out of range',
      ],
      ['/v1/event/stream?index=%00', 400, 'Unable to parse index: strconv.Atoi: parsing "\\x00": invalid syntax'],
      [
        '/v1/event/stream?topic=Job:a:b',
        400,
        'Invalid topic query: error parsing topics: Invalid key value pair for topic, topic: Job:a:b',
      ],
    ];
    for (const [target, status, body] of cases) {
      const res = await request(app.port, 'GET', target);
      expect([target, res.status, res.body]).toEqual([target, status, body]);
    }
    expect((await request(app.port, 'PATCH', '/v1/jobs')).status).toBe(405);
  });

  it('answers malformed HTTP (smuggling attempts, bad chunking, NUL, bad header names) with 400 and keeps serving', async () => {
    const heads = [
      'POST /v1/event/sink/s1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'POST /v1/event/sink/s1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
      'PUT /v1/event/sink/s1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
      'GET /v1/jobs\u0000 HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /v1/jobs HTTP/1.1\r\nBad Header: x\r\n\r\n',
      'GET /v1/jobs HTTP/9.9\r\nHost: x\r\n\r\n',
      '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003',
    ];
    for (const head of heads) {
      const res = await raw(app.port, head);
      expect([JSON.stringify(head), res.status]).toEqual([JSON.stringify(head), 400]);
    }
    expect((await request(app.port, 'GET', '/v1/regions')).status).toBe(200);
  });

  it('never serves a file outside dist/, however the path is written', async () => {
    const paths = [
      '/assets/../../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/a%00b.js',
      '/assets/%c0%ae%c0%ae/secret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/assets/%zz.js',
      '/..\\secret.txt',
    ];
    for (const p of paths) {
      const res = await request(app.port, 'GET', p);
      expect(res.body, p).not.toContain('outside dist');
      expect([200, 404]).toContain(res.status);
    }
    const del = await request(app.port, 'DELETE', '/');
    expect([del.status, del.headers.allow]).toEqual([405, 'GET, HEAD']);
    expect((await request(app.port, 'GET', '/assets/app-1.js')).body).toBe('console.log(1)');
  });
});

describe('hostile requests in proxy mode', () => {
  let agent: Harness;
  let app: App;
  beforeAll(async () => {
    agent = await startMock({ seed: 1 });
    app = await startApp(agent.base);
  });
  afterAll(async () => {
    await app.close();
    await agent.close();
  });

  describe('sinks', () => sinkCases(() => app));

  it('has no control routes', async () => {
    const res = await request(app.port, 'POST', '/__mock/jobs', '{}');
    expect([res.status, res.body]).toEqual([404, '404 page not found']);
  });
});

describe('proxy request-side checks', () => {
  let seen: string[];
  let agentServer: Server;
  let app: App;
  beforeAll(async () => {
    seen = [];
    agentServer = createServer((req: IncomingMessage, res: ServerResponse) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('[]');
    });
    await new Promise<void>((r) => agentServer.listen(0, '127.0.0.1', r));
    // An agent behind a path prefix, as with a reverse proxy in front of Nomad.
    app = await startApp(`http://127.0.0.1:${(agentServer.address() as AddressInfo).port}/nomad/`);
  });
  afterAll(async () => {
    await app.close();
    agentServer.closeAllConnections();
    await new Promise((r) => agentServer.close(r));
  });

  it('refuses dot segments and backslashes instead of letting them leave the agent’s /v1/', async () => {
    const targets = ['/v1/../../admin', '/v1/%2e%2e/%2E%2E/admin', '/v1/jobs/./x', '/v1/..', '/v1/job\\..\\..\\admin'];
    for (const t of targets) {
      const res = await request(app.port, 'GET', t);
      expect([t, res.status, res.body]).toEqual([t, 400, expect.stringMatching(/^Invalid request path: /)]);
    }
    // Not an API path at all (`/v1\\`): the SPA answers, the agent never hears of it.
    expect([200, 404]).toContain((await request(app.port, 'GET', '/v1\\..\\admin')).status);
    expect(seen).toEqual([]);
    const ok = await request(app.port, 'GET', '/v1/job/a%2Fb%2E%2E?namespace=x');
    expect(ok.status).toBe(200);
    expect(seen).toEqual(['/nomad/v1/job/a%2Fb%2E%2E?namespace=x']);
  });
});
