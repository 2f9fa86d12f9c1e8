import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeError, writeJson, writeNotFoundEmpty } from './respond.ts';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/json') writeJson(res, { b: 1, a: [] }, false);
    else if (req.url === '/error') writeError(res, 403, 'Permission denied');
    else writeNotFoundEmpty(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** A raw request, so no client decompresses or adds headers behind our back. */
function raw(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('responses', () => {
  it('writes JSON with sorted keys, no trailing newline and a Content-Length', async () => {
    const res = await raw('/json');
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toBe('{"a":[],"b":1}');
    expect(res.headers['content-length']).toBe('14');
  });

  it('writes errors as bare text/plain', async () => {
    const res = await raw('/error');
    expect([res.status, res.headers['content-type'], res.body.toString()]).toEqual([
      403,
      'text/plain; charset=utf-8',
      'Permission denied',
    ]);
  });

  it('gzips bodies when the client accepts gzip, like Nomad', async () => {
    const res = await raw('/json', { 'Accept-Encoding': 'br, gzip;q=0.8' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(res.body).toString()).toBe('{"a":[],"b":1}');
  });

  it('answers an unknown route with an empty 404 and no content type', async () => {
    const res = await raw('/nope', { 'Accept-Encoding': 'gzip' });
    expect([res.status, res.headers['content-type'], res.body.length]).toEqual([404, undefined, 0]);
  });
});
