import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { requestToken, UpstreamAuthorizer } from './auth.ts';
import { serve, type Served } from './test-kit.ts';

/** A stand-in agent: token/self and policy reads, answering per token. */
const TOKENS: Record<string, { status: number; body: unknown }> = {
  ops: { status: 200, body: { AccessorID: 'a1', Type: 'client', Policies: ['ops', 'jobs'] } },
  jobs: { status: 200, body: { AccessorID: 'a2', Type: 'client', Policies: ['jobs'] } },
  root: { status: 200, body: { AccessorID: 'a3', Type: 'management', Policies: null } },
};
const POLICIES: Record<string, string> = {
  ops: 'operator {\n  policy = "read"\n}\n',
  jobs: 'namespace "default" {\n  policy = "write"\n}\n',
};

let upstream: Served | undefined;
const seen: string[] = [];
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
  seen.length = 0;
});

async function authorizer(aclsDisabled = false): Promise<UpstreamAuthorizer> {
  upstream = await serve((req, res) => {
    const token = String(req.headers['x-nomad-token'] ?? '');
    seen.push(`${req.url} ${token}`);
    if (aclsDisabled) return void res.writeHead(400).end('ACL support disabled');
    if (req.url === '/v1/acl/token/self') {
      const t = TOKENS[token];
      if (!t) return void res.writeHead(403).end('Permission denied');
      return void res.writeHead(t.status).end(JSON.stringify(t.body));
    }
    const name = decodeURIComponent((req.url ?? '').replace('/v1/acl/policy/', ''));
    if (POLICIES[name] === undefined) return void res.writeHead(404).end('ACL policy not found');
    res.writeHead(200).end(JSON.stringify({ Name: name, Rules: POLICIES[name] }));
  });
  const base = upstream.base;
  return new UpstreamAuthorizer(() => Promise.resolve({ baseUrl: base }), 5000);
}

const req = (token?: string) => ({ headers: token ? { 'x-nomad-token': token } : {} }) as IncomingMessage;

describe('UpstreamAuthorizer', () => {
  it('grants read for an operator read policy, write only for management', async () => {
    const auth = await authorizer();
    expect(await auth.permissions(req('ops'))).toEqual({ read: true, write: false });
    expect(await auth.permissions(req('jobs'))).toEqual({ read: false, write: false });
    expect(await auth.permissions(req('root'))).toEqual({ read: true, write: true });
    expect(await auth.permissions(req('unknown'))).toEqual({ read: false, write: false });
  });

  it('allows everything when the agent has ACLs off', async () => {
    const auth = await authorizer(true);
    expect(await auth.permissions(req())).toEqual({ read: true, write: true });
  });

  it('caches an answer per token briefly', async () => {
    const auth = await authorizer();
    await auth.permissions(req('root'));
    await auth.permissions(req('root'));
    expect(seen.filter((s) => s.startsWith('/v1/acl/token/self'))).toHaveLength(1);
  });
});

describe('requestToken', () => {
  it('takes X-Nomad-Token first, then a Bearer authorization', () => {
    expect(
      requestToken({ headers: { 'x-nomad-token': ' a ', authorization: 'Bearer b' } } as unknown as IncomingMessage),
    ).toBe('a');
    expect(requestToken({ headers: { authorization: 'bearer b c' } } as unknown as IncomingMessage)).toBe('b');
    expect(requestToken({ headers: {} } as unknown as IncomingMessage)).toBe('');
  });
});
