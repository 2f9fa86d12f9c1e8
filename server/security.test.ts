/**
 * Security of the server: headers on every page response, control routes refused in proxy
 * mode, and the loud warning when bound beyond loopback.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler, type ApiHandler } from './app.ts';
import { bindScope, bindWarning } from './bind-warning.ts';
import { loadConfig } from './config.ts';
import { createStaticHandler, SECURITY_HEADERS } from './static.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function expectPageHeaders(res: Response): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
}

describe('page responses (dashboard in mock mode)', () => {
  let server: Server;
  let api: ApiHandler;
  let base: string;

  beforeAll(async () => {
    const dist = join(mkdtempSync(join(tmpdir(), 'nomad-live-sec-')), 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'export {}');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    api = createApiHandler({ mock: { seed: 1 }, sinks: { dataDir: join(dist, '..', 'sinks') } });
    const serve = createStaticHandler(dist);
    server = createServer((req, res) => api.handle(req, res, () => void serve(req, res)));
    base = await listen(server);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await api.close();
  });

  it.each([
    ['the app', 'GET', '/', 200],
    ['a client route (SPA fallback)', 'GET', '/allocations/abc/files/alloc/logs/web.stdout.0', 200],
    ['a deep link with a query', 'GET', '/jobs?namespace=*&q=%3Cscript%3E', 200],
    ['a hashed asset', 'GET', '/assets/app.js', 200],
    ['a top-level file', 'GET', '/favicon.svg', 200],
    ['a missing asset (404)', 'GET', '/assets/missing-1234.js', 404],
    ['a missing top-level file (404)', 'GET', '/robots.txt', 404],
    ['a wrong method (405)', 'POST', '/events', 405],
  ])('%s carries CSP, nosniff, Referrer-Policy and frame-ancestors', async (_name, method, path, status) => {
    const res = await fetch(base + path, { method });
    expect(res.status).toBe(status);
    expectPageHeaders(res);
  });

  it('the CSP allows no inline script and no other origin to connect to', () => {
    const csp = SECURITY_HEADERS['Content-Security-Policy']!;
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `));
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('connect-src')).toBe("connect-src 'self'");
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(directive('base-uri')).toBe("base-uri 'none'");
  });

  it('raw file bytes keep Nomad sandboxing headers (cat and readat)', async () => {
    const allocs = (await (await fetch(`${base}/v1/allocations`)).json()) as { ID: string; ClientStatus: string }[];
    const id = allocs.find((a) => a.ClientStatus === 'running')!.ID;
    for (const op of ['cat', 'readat']) {
      const res = await fetch(`${base}/v1/client/fs/${op}/${id}?path=alloc/data/state.json&offset=0&limit=100`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('raw file bytes through the proxy', () => {
  it('keep the agent sandboxing headers (proxy mode in front of a mock agent)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nomad-live-sec-raw-'));
    const agent = createApiHandler({ mock: { seed: 1 }, sinks: { dataDir: join(dataDir, 'a') } });
    const agentServer = createServer((req, res) => agent.handle(req, res, () => res.writeHead(404).end()));
    const agentBase = await listen(agentServer);
    const proxy = createApiHandler({ nomadAddr: agentBase, sinks: { dataDir: join(dataDir, 'p') } });
    const proxyServer = createServer((req, res) => proxy.handle(req, res, () => res.writeHead(404).end()));
    const base = await listen(proxyServer);
    try {
      const allocs = (await (await fetch(`${base}/v1/allocations`)).json()) as { ID: string; ClientStatus: string }[];
      const id = allocs.find((a) => a.ClientStatus === 'running')!.ID;
      for (const op of ['cat', 'readat']) {
        const res = await fetch(`${base}/v1/client/fs/${op}/${id}?path=alloc/data/state.json&offset=0&limit=100`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-security-policy')).toBe(
          "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        );
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
    } finally {
      for (const s of [proxyServer, agentServer]) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
      await proxy.close();
      await agent.close();
    }
  });
});

describe('control routes in proxy mode', () => {
  let server: Server;
  let api: ApiHandler;
  let base: string;
  beforeAll(async () => {
    // An agent address nothing listens on: a refused control route must never reach it.
    const dataDir = mkdtempSync(join(tmpdir(), 'nomad-live-sec-proxy-'));
    api = createApiHandler({ nomadAddr: 'http://127.0.0.1:9', sinks: { dataDir } });
    server = createServer((req, res) => api.handle(req, res, () => res.writeHead(418).end()));
    base = await listen(server);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await api.close();
  });

  it.each([
    ['POST', '/__mock/reset'],
    ['POST', '/__mock/faults'],
    ['GET', '/__mock/faults'],
    ['POST', '/__mock/restart'],
    ['POST', '/__mock/hostile'],
    ['GET', '/__mock/tokens'],
    ['GET', '/__mock/'],
    ['GET', '/__mock'],
    ['POST', '/__mock/jobs'],
  ])('%s %s answers 404', async (method, path) => {
    const res = await fetch(base + path, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('404 page not found');
  });
});

describe('bind rule', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.1.2.3', 'loopback'],
    ['localhost', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['0.0.0.0', 'all-interfaces'],
    ['::', 'all-interfaces'],
    ['[::]', 'all-interfaces'],
    ['', 'all-interfaces'],
    ['192.168.1.20', 'network'],
    ['10.0.0.1', 'network'],
    ['nomad-live.example', 'network'],
    ['128.0.0.1', 'network'],
  ])('%s is %s', (host, scope) => {
    expect(bindScope(host)).toBe(scope);
  });

  it('binds 127.0.0.1 by default, also when HOST is set but empty; --host and HOST override', () => {
    const host = (argv: string[], env: NodeJS.ProcessEnv) => loadConfig(argv, env, { port: 4700 }).host;
    expect(host([], {})).toBe('127.0.0.1');
    expect(host([], { HOST: '' })).toBe('127.0.0.1');
    expect(host([], { HOST: '  ' })).toBe('127.0.0.1');
    expect(host([], { HOST: '0.0.0.0' })).toBe('0.0.0.0');
    expect(host(['--host', '::'], { HOST: '10.0.0.1' })).toBe('::');
  });

  it('--hostile (or NOMAD_LIVE_HOSTILE=1) turns the XSS corpus on; off by default', () => {
    const hostile = (argv: string[], env: NodeJS.ProcessEnv) => loadConfig(argv, env, { port: 4700 }).hostile;
    expect(hostile([], {})).toBe(false);
    expect(hostile(['--hostile'], {})).toBe(true);
    expect(hostile([], { NOMAD_LIVE_HOSTILE: '1' })).toBe(true);
    expect(() => hostile(['--hostile=maybe'], {})).toThrow(/--hostile must be true or false/);
  });

  it('warns in several lines for all interfaces and non-loopback addresses, not for loopback', () => {
    expect(bindWarning('127.0.0.1', 'mock')).toBeUndefined();
    const all = bindWarning('0.0.0.0', 'mock')!;
    expect(all.split('\n').length).toBeGreaterThan(4);
    expect(all).toContain('ALL network interfaces');
    expect(all).toContain('/__mock');
    expect(bindWarning('192.168.1.20', 'proxy')).toContain('non-loopback address (192.168.1.20)');
  });

  /** Starts the real server (`--api-only`, ephemeral port) and collects stderr until it listens. */
  function start(args: string[]): Promise<{ stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        join(root, 'node_modules/.bin/tsx'),
        [join(root, 'server/main.ts'), '--api-only', '--port', '0', '--no-scenario', ...args],
        { cwd: root, env: { ...process.env, HOST: '', NOMAD_ADDR: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`server did not start: ${stdout} ${stderr}`));
      }, 25_000);
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (!stdout.includes('listening on')) return;
        // The warning is written right after the listening line; give it the same tick.
        setImmediate(() => {
          clearTimeout(timer);
          child.kill('SIGTERM');
        });
      });
      child.on('exit', () => resolve({ stdout, stderr }));
      child.on('error', reject);
    });
  }

  it('the server started on 0.0.0.0 says so loudly on stderr; on the default address it does not', async () => {
    const [open, local] = await Promise.all([start(['--host', '0.0.0.0']), start([])]);
    expect(open.stdout).toContain('listening on http://0.0.0.0:');
    expect(open.stderr).toContain('WARNING: nomad-live is listening on ALL network interfaces (0.0.0.0)');
    expect(local.stdout).toContain('listening on http://127.0.0.1:');
    expect(local.stderr).not.toContain('WARNING');
  }, 40_000);
});

describe('the token never reaches a server log line', () => {
  it('in mock mode with ACLs, on success, refusals and errors', async () => {
    const lines: string[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'nomad-live-sec-log-'));
    const api = createApiHandler({ mock: { seed: 1, acl: true, log: (l) => lines.push(l) }, sinks: { dataDir } });
    const server = createServer((req, res) => api.handle(req, res, () => res.writeHead(404).end()));
    const base = await listen(server);
    try {
      const secret = api.cluster!.managementToken!;
      const bogus = '5ec2e7a1-0000-4000-8000-00000000bad0';
      for (const token of [secret, bogus]) {
        const headers = { 'X-Nomad-Token': token };
        await (await fetch(`${base}/v1/jobs`, { headers })).text();
        await (await fetch(`${base}/v1/acl/token/self`, { headers })).text();
        await (await fetch(`${base}/v1/job/no-such-job`, { headers })).text();
        await (await fetch(`${base}/v1/client/fs/cat/nope?path=x`, { headers })).text();
        await (await fetch(`${base}/v1/event/sink/x`, { method: 'PUT', headers, body: '{bad json' })).text();
        await (await fetch(`${base}/__mock/reset`, { method: 'POST', headers })).text();
        const refused = await fetch(`${base}/v1/jobs?index=1&wait=1ms`, { headers });
        expect(await refused.text()).not.toContain(token);
      }
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) {
        expect(l).not.toContain(secret);
        expect(l).not.toContain(bogus);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await api.close();
    }
  });

  it('in proxy mode when the agent cannot be reached', async () => {
    const lines: string[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'nomad-live-sec-plog-'));
    const api = createApiHandler({
      nomadAddr: 'http://127.0.0.1:9',
      proxy: { log: (l) => lines.push(l) },
      sinks: { dataDir, log: (l) => lines.push(l) },
    });
    const server = createServer((req, res) => api.handle(req, res, () => res.writeHead(404).end()));
    const base = await listen(server);
    try {
      const secret = '5ec2e7a1-1111-4000-8000-0000000000aa';
      const res = await fetch(`${base}/v1/jobs`, { headers: { 'X-Nomad-Token': secret } });
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(await res.text()).not.toContain(secret);
      for (const l of lines) expect(l).not.toContain(secret);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await api.close();
    }
  });
});
