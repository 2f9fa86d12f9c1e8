import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiHandler, isApiPath, type ApiHandler } from './app.ts';

let server: Server | undefined;
let api: ApiHandler | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  await api?.close();
  server = undefined;
  api = undefined;
});

async function start(): Promise<string> {
  api = createApiHandler({ mock: { seed: 1 } });
  const handler = api;
  server = createServer((req, res) => handler.handle(req, res, () => res.writeHead(299).end('passed on')));
  server.on('upgrade', (req, socket, head) => {
    if (!handler.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 418 Not ours\r\n\r\n');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

function upgrade(base: string, path: string): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
      );
    });
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    socket.on('end', () => resolve(data.split('\r\n')[0]!));
    socket.on('error', reject);
  });
}

describe('createApiHandler', () => {
  it('switches to proxy mode when given an agent address, with no mock cluster behind it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nomad-live-app-test-'));
    api = createApiHandler({ nomadAddr: 'http://10.1.2.3:4646/', sinks: { dataDir } });
    expect(api.mode).toBe('proxy');
    expect(api.cluster).toBeUndefined();
    expect(api.upstream?.baseUrl).toBe('http://10.1.2.3:4646');
    expect(() => createApiHandler({ nomadAddr: 'unix:///var/run/nomad.sock' })).toThrow(/NOMAD_ADDR must use http/);
    await api.close();
    api = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /v1 and /__mock, and passes everything else on', async () => {
    const base = await start();
    expect((await fetch(`${base}/v1/regions`)).status).toBe(200);
    expect((await fetch(`${base}/__mock/`)).status).toBe(200);
    const other = await fetch(`${base}/jobs?namespace=prod`);
    expect([other.status, await other.text()]).toEqual([299, 'passed on']);
    // A path that merely starts with the same letters is not ours.
    expect((await fetch(`${base}/v1x`)).status).toBe(299);
  });

  it('claims WebSocket upgrades only for /v1/ paths', async () => {
    const base = await start();
    // The exec endpoint upgrades (server/mock/exec tests); other /v1/ paths are unknown routes.
    expect(await upgrade(base, '/v1/jobs')).toMatch(/^HTTP\/1\.1 404/);
    expect(await upgrade(base, '/vite-hmr')).toBe('HTTP/1.1 418 Not ours');
  });
});

describe('isApiPath', () => {
  it.each([
    ['/v1/jobs', true],
    ['/v1', true],
    ['/__mock/reset', true],
    ['/v10/jobs', false],
    ['/jobs', false],
    ['/assets/v1/x.js', false],
  ])('%s → %s', (path, expected) => expect(isApiPath(path)).toBe(expected));
});
