// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiFetch, apiPath, apiStream } from './http.ts';
import { NomadError } from './nomad-error.ts';
import { tokenStore } from './token-store.ts';

const SECRET = '3f1c6e2a-0000-4000-8000-5ec7e75ec7e7';

interface Call {
  url: string;
  init: RequestInit;
}

function stubFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    return respond(call);
  });
  vi.stubGlobal('fetch', fn);
  return calls;
}

const json = (body: unknown, headers: Record<string, string> = {}, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

function header(call: Call, name: string): string | undefined {
  const h = call.init.headers as Record<string, string>;
  const key = Object.keys(h).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : h[key];
}

beforeEach(() => tokenStore.clear());
afterEach(() => {
  vi.unstubAllGlobals();
  tokenStore.clear();
});

describe('apiFetch', () => {
  it('sends the token in X-Nomad-Token and never in the URL', async () => {
    tokenStore.set(SECRET);
    const calls = stubFetch(() => json([]));
    await apiFetch('/v1/jobs', { namespace: 'prod', query: { prefix: 'web' } });
    expect(header(calls[0]!, 'X-Nomad-Token')).toBe(SECRET);
    expect(calls[0]!.url).not.toContain(SECRET);
    expect(calls[0]!.url.startsWith('/v1/jobs?')).toBe(true);
  });

  it('sends no token header when signed out', async () => {
    const calls = stubFetch(() => json([]));
    await apiFetch('/v1/jobs');
    expect(header(calls[0]!, 'X-Nomad-Token')).toBeUndefined();
    expect(calls[0]!.url).toBe('/v1/jobs');
  });

  it('adds namespace, region and query parameters, skipping empty values', async () => {
    const calls = stubFetch(() => json([]));
    await apiFetch('/v1/jobs', {
      namespace: '*',
      region: 'eu',
      query: { prefix: 'a b', meta: true, skip: undefined, none: null },
    });
    const url = new URL(calls[0]!.url, 'http://x');
    expect(url.pathname).toBe('/v1/jobs');
    expect(url.searchParams.get('namespace')).toBe('*');
    expect(url.searchParams.get('region')).toBe('eu');
    expect(url.searchParams.get('prefix')).toBe('a b');
    expect(url.searchParams.get('meta')).toBe('true');
    expect(url.searchParams.has('skip')).toBe(false);
    expect(url.searchParams.has('none')).toBe(false);
    expect(url.searchParams.has('index')).toBe(false);
  });

  it('adds index and wait for blocking requests with a known index only', async () => {
    const calls = stubFetch(() => json([]));
    await apiFetch('/v1/jobs', { blocking: { index: 42 } });
    await apiFetch('/v1/jobs', { blocking: { index: 42, wait: '30s' } });
    await apiFetch('/v1/jobs', { blocking: { index: 0 } });
    const params = calls.map((c) => new URL(c.url, 'http://x').searchParams);
    expect([params[0]!.get('index'), params[0]!.get('wait')]).toEqual(['42', '5m']);
    expect(params[1]!.get('wait')).toBe('30s');
    expect(params[2]!.has('index')).toBe(false);
  });

  it('parses JSON and reads X-Nomad-Index, treating 0 as 1', async () => {
    stubFetch(() => json([{ ID: 'web' }], { 'X-Nomad-Index': '17', 'X-Nomad-KnownLeader': 'true' }));
    const a = await apiFetch<{ ID: string }[]>('/v1/jobs');
    expect(a).toEqual({ data: [{ ID: 'web' }], index: 17, knownLeader: true });

    stubFetch(() => json([], { 'X-Nomad-Index': '0' }));
    expect((await apiFetch('/v1/jobs')).index).toBe(1);

    stubFetch(() => json('10.0.0.1:4647'));
    const leader = await apiFetch<string>('/v1/status/leader');
    expect(leader.index).toBeUndefined();
    expect(leader.data).toBe('10.0.0.1:4647');
  });

  it('returns undefined data for an empty 200 body', async () => {
    stubFetch(() => new Response('', { status: 200 }));
    expect((await apiFetch('/v1/allocation/x/stop', { method: 'POST' })).data).toBeUndefined();
  });

  it('sends JSON bodies', async () => {
    const calls = stubFetch(() => json({}));
    await apiFetch('/v1/jobs', { method: 'POST', body: { Job: { ID: 'x' } } });
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.body).toBe('{"Job":{"ID":"x"}}');
    expect(header(calls[0]!, 'Content-Type')).toBe('application/json');
  });

  it('turns a 403 into a NomadError naming the missing capability and namespace', async () => {
    tokenStore.set(SECRET);
    stubFetch(() => text('Permission denied', 403));
    const err = await apiFetch('/v1/jobs', { namespace: 'prod', query: { prefix: 'x' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NomadError);
    const e = err as NomadError;
    expect(e.status).toBe(403);
    expect(e.kind).toBe('permission-denied');
    expect(e.serverText).toBe('Permission denied');
    expect(e.endpoint).toBe('GET /v1/jobs');
    expect(e.capability).toEqual({ capability: 'list-jobs', scope: 'namespace', namespace: 'prod' });
    expect(e.message).toBe(
      'Permission denied: this token lacks the "list-jobs" capability in namespace "prod" (GET /v1/jobs)',
    );
    expect(e.message).not.toContain(SECRET);
  });

  it('names global capabilities and the default namespace', async () => {
    stubFetch(() => text('Permission denied', 403));
    const nodes = (await apiFetch('/v1/node/abc').catch((e: unknown) => e)) as NomadError;
    expect(nodes.message).toBe('Permission denied: this token lacks the "node:read" capability (GET /v1/node/abc)');
    const job = (await apiFetch(apiPath`/v1/job/${'web app'}`).catch((e: unknown) => e)) as NomadError;
    expect(job.endpoint).toBe('GET /v1/job/web%20app');
    expect(job.message).toContain('"read-job" capability in namespace "default"');
  });

  it('keeps the endpoint free of query strings', async () => {
    stubFetch(() => text('Invalid wait time', 400));
    const e = (await apiFetch('/v1/jobs?prefix=zzz', { query: { filter: 'Name == "x"' } }).catch(
      (x: unknown) => x,
    )) as NomadError;
    expect(e.endpoint).toBe('GET /v1/jobs');
    expect(e.kind).toBe('bad-request');
    expect(e.message).toBe('Invalid wait time (GET /v1/jobs)');
  });

  it('reports an empty 404 as a missing endpoint and a 404 with text as that text', async () => {
    stubFetch(() => new Response('', { status: 404 }));
    const a = (await apiFetch('/v1/nothing').catch((e: unknown) => e)) as NomadError;
    expect(a.status).toBe(404);
    expect(a.serverText).toBe('');
    expect(a.message).toBe('Not found: this Nomad agent has no such endpoint (GET /v1/nothing)');

    stubFetch(() => text('job not found', 404));
    const b = (await apiFetch('/v1/job/x').catch((e: unknown) => e)) as NomadError;
    expect(b.message).toBe('Not found: job not found (GET /v1/job/x)');
    expect(b.capability).toBeUndefined();
  });

  it('special-cases "No cluster leader"', async () => {
    stubFetch(() => text('No cluster leader', 500));
    const e = (await apiFetch('/v1/jobs').catch((x: unknown) => x)) as NomadError;
    expect(e.kind).toBe('no-leader');
    expect(e.message).toMatch(/^No cluster leader: .* \(GET \/v1\/jobs\)$/);
  });

  it('keeps other text errors verbatim and scrubs the token if a server echoes it', async () => {
    tokenStore.set(SECRET);
    stubFetch(() => text(`rpc error: token ${SECRET} exploded`, 500));
    const e = (await apiFetch('/v1/jobs').catch((x: unknown) => x)) as NomadError;
    expect(e.kind).toBe('server');
    expect(e.serverText).toBe('rpc error: token [redacted] exploded');
    expect(e.message).not.toContain(SECRET);
  });

  it('rejects a 2xx body that is not JSON', async () => {
    stubFetch(() => new Response('<html>proxy login</html>', { status: 200 }));
    const e = (await apiFetch('/v1/jobs').catch((x: unknown) => x)) as NomadError;
    expect(e).toBeInstanceOf(NomadError);
    expect(e.kind).toBe('bad-response');
  });

  it('lets aborts and network errors through untouched', async () => {
    const controller = new AbortController();
    const calls = stubFetch(({ init }) => {
      expect(init.signal).toBe(controller.signal);
      throw new DOMException('The operation was aborted.', 'AbortError');
    });
    controller.abort();
    const aborted = await apiFetch('/v1/jobs', { signal: controller.signal }).catch((e: unknown) => e);
    expect(calls).toHaveLength(1);
    expect(aborted).not.toBeInstanceOf(NomadError);
    expect((aborted as Error).name).toBe('AbortError');

    const offline = new TypeError('Failed to fetch');
    stubFetch(() => {
      throw offline;
    });
    await expect(apiFetch('/v1/jobs')).rejects.toBe(offline);
  });

  it('refuses paths outside /v1/', async () => {
    const calls = stubFetch(() => json({}));
    await expect(apiFetch('/__mock/reset')).rejects.toThrow(TypeError);
    expect(calls).toHaveLength(0);
  });
});

describe('apiStream', () => {
  it('shares the token header, parameters and signal with apiFetch, and returns the body unread', async () => {
    tokenStore.set(SECRET);
    const controller = new AbortController();
    const calls = stubFetch(
      () => new Response('{}\n', { status: 200, headers: { 'Content-Type': 'application/json' } }),
    );
    const res = await apiStream('/v1/event/stream', {
      namespace: '*',
      query: { index: 7, topic: ['Allocation:web', 'Node'] },
      signal: controller.signal,
    });
    expect(header(calls[0]!, 'X-Nomad-Token')).toBe(SECRET);
    expect(calls[0]!.url).not.toContain(SECRET);
    expect(calls[0]!.init.signal).toBe(controller.signal);
    const url = new URL(calls[0]!.url, 'http://x');
    expect(url.pathname).toBe('/v1/event/stream');
    expect(url.searchParams.getAll('topic')).toEqual(['Allocation:web', 'Node']);
    expect(url.searchParams.get('index')).toBe('7');
    expect(url.searchParams.get('namespace')).toBe('*');
    expect(res.bodyUsed).toBe(false);
    expect(await res.text()).toBe('{}\n');
  });

  it('throws a NomadError naming the ACL the topics need on a 403 (Nomad ≤1.11.3)', async () => {
    stubFetch(() => text('Permission denied', 403));
    const e = (await apiStream('/v1/event/stream', { query: { topic: ['*'] } }).catch((x: unknown) => x)) as NomadError;
    expect(e).toBeInstanceOf(NomadError);
    expect(e.kind).toBe('permission-denied');
    expect(e.capability?.scope).toBe('management');
    expect(e.message).toContain('management token');
    expect(e.endpoint).toBe('GET /v1/event/stream');
  });

  it('refuses paths outside /v1/', async () => {
    const calls = stubFetch(() => json({}));
    await expect(apiStream('/__mock/reset')).rejects.toThrow(TypeError);
    expect(calls).toHaveLength(0);
  });
});
