import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler, type ProxyHandlerOptions } from '../app.ts';
import { loadConfig } from '../config.ts';
import { FORWARD_TOKEN_WARNING, proxyOptions } from './proxy-options.ts';
import { createUpstream, parseNomadAddr, unreachableMessage } from './upstream.ts';

describe('NOMAD_ADDR and the NOMAD_* variables', () => {
  it('accepts http(s) URLs only, without credentials', () => {
    expect(parseNomadAddr('https://nomad.example:4646').host).toBe('nomad.example:4646');
    expect(() => parseNomadAddr('nomad.example:4646')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseNomadAddr('not a url')).toThrow(/must be an http/);
    expect(() => parseNomadAddr('https://u:p@nomad.example')).toThrow(/must not contain credentials/);
  });

  it('names an unreadable PEM file and the variable it came from', () => {
    expect(() => createUpstream({ address: 'https://n:4646', caCertFile: '/nonexistent/ca.pem' })).toThrow(
      'NOMAD_CACERT: cannot read /nonexistent/ca.pem (ENOENT)',
    );
  });

  it('says what could not be reached and why', () => {
    const err = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(unreachableMessage({ baseUrl: 'https://n:4646' }, err)).toBe(
      'cannot reach Nomad at https://n:4646: DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate',
    );
  });

  it('reads the TLS variables and the opt-in flag, and warns loudly without printing the token', () => {
    const env = {
      NOMAD_ADDR: 'https://nomad.example:4646',
      NOMAD_TOKEN: 'server-secret',
      NOMAD_CACERT: '/etc/nomad/ca.pem',
      NOMAD_CLIENT_CERT: '/etc/nomad/cli.pem',
      NOMAD_CLIENT_KEY: '/etc/nomad/cli-key.pem',
      NOMAD_SKIP_VERIFY: 'true',
    };
    const off = loadConfig([], env, { port: 4700 });
    expect(off).toMatchObject({
      mode: 'proxy',
      nomadToken: 'server-secret',
      nomadCACert: '/etc/nomad/ca.pem',
      nomadClientCert: '/etc/nomad/cli.pem',
      nomadClientKey: '/etc/nomad/cli-key.pem',
      nomadSkipVerify: true,
      forwardNomadToken: false,
    });
    const quiet: string[] = [];
    expect(proxyOptions(off, (l) => quiet.push(l))?.addTokenToBrowserRequests).toBe(false);
    expect(quiet).toEqual([]);

    const on = loadConfig(['--forward-nomad-token'], env, { port: 4700 });
    const loud: string[] = [];
    expect(proxyOptions(on, (l) => loud.push(l))?.addTokenToBrowserRequests).toBe(true);
    expect(loud).toEqual([FORWARD_TOKEN_WARNING]);
    expect(loud.join()).not.toContain('server-secret');
    expect(loadConfig([], { ...env, NOMAD_LIVE_FORWARD_NOMAD_TOKEN: '1' }, { port: 4700 }).forwardNomadToken).toBe(
      true,
    );
    expect(() => loadConfig([], { ...env, NOMAD_SKIP_VERIFY: 'maybe' }, { port: 4700 })).toThrow(/NOMAD_SKIP_VERIFY/);
  });
});

describe('TLS to the agent', () => {
  let dir: string;
  let server: Server;
  let address: string;
  const clientNames: (string | undefined)[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nomad-live-tls-'));
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca-key.pem',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=test-ca',
    );
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    for (const name of ['agent', 'cli']) {
      ssl(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${name}-key.pem`,
        '-out',
        `${name}.csr`,
        '-subj',
        `/CN=${name}`,
      );
      ssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca-key.pem',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        '-extfile',
        'ext.cnf',
      );
    }
    server = createHttpsServer(
      {
        key: readFileSync(join(dir, 'agent-key.pem')),
        cert: readFileSync(join(dir, 'agent.pem')),
        ca: readFileSync(join(dir, 'ca.pem')),
        requestCert: true,
        rejectUnauthorized: false,
      },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        const cn = peer.subject?.CN;
        clientNames.push(Array.isArray(cn) ? cn.join() : cn);
        res.end('tls ok');
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    address = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 30_000);

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  async function through(proxy: ProxyHandlerOptions) {
    const api = createApiHandler({ nomadAddr: address, proxy, sinks: { dataDir: join(dir, 'sinks') } });
    const front = createServer((req, res) => api.handle(req, res, () => res.writeHead(404).end()));
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(front.address() as AddressInfo).port}/v1/agent/self`);
      return { status: res.status, text: await res.text() };
    } finally {
      front.closeAllConnections();
      await new Promise((r) => front.close(r));
      await api.close();
    }
  }

  it('refuses an agent certificate it cannot verify, with a 502 that says so', async () => {
    const res = await through({});
    expect(res.status).toBe(502);
    expect(res.text).toMatch(new RegExp(`^cannot reach Nomad at ${address}: \\w+`));
  });

  it('verifies the agent with NOMAD_CACERT and presents NOMAD_CLIENT_CERT/KEY', async () => {
    const res = await through({
      caCertFile: join(dir, 'ca.pem'),
      clientCertFile: join(dir, 'cli.pem'),
      clientKeyFile: join(dir, 'cli-key.pem'),
    });
    expect(res).toEqual({ status: 200, text: 'tls ok' });
    expect(clientNames.at(-1)).toBe('cli');
  });

  it('skips verification with NOMAD_SKIP_VERIFY', async () => {
    expect(await through({ skipVerify: true })).toEqual({ status: 200, text: 'tls ok' });
  });
});
