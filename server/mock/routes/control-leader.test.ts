import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type Harness } from '../test-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startMock({ seed: 1 });
});
afterAll(() => h.close());
afterEach(async () => {
  await h.post('/__mock/leader?state=elected', '');
});

const leader = (state: string) => h.post(`/__mock/leader?state=${state}`, '');

describe('POST /__mock/leader', () => {
  it('answers reads with 500 "No cluster leader" unless they are stale, and recovers on election', async () => {
    const refusedBefore = h.runtime.deps.leader!.refused;
    expect(await (await leader('lost')).json()).toEqual({ Leader: 'lost', Refused: refusedBefore });
    expect(await (await h.get('/__mock/leader')).json()).toEqual({ Leader: 'lost', Refused: refusedBefore });

    for (const path of ['/v1/jobs', '/v1/allocations', '/v1/nodes', '/v1/namespaces', '/v1/jobs?stale=false']) {
      const res = await h.get(path);
      expect([path, res.status, await res.text()]).toEqual([path, 500, 'No cluster leader']);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    }

    const stale = await h.get('/v1/jobs?stale');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-nomad-knownleader')).toBe('false');
    expect(Array.isArray(await stale.json())).toBe(true);
    expect((await h.get('/v1/allocations?stale=true')).headers.get('x-nomad-knownleader')).toBe('false');

    // The leader's address is unknown: Status.Leader answers an empty string.
    const status = await h.get('/v1/status/leader');
    expect([status.status, await status.json()]).toEqual([200, '']);

    // The agent and the client answer for themselves: files and stats need no leader.
    expect((await h.get('/v1/agent/self')).status).toBe(200);
    expect((await h.get('/v1/regions')).status).toBe(200);
    const running = h.runtime.store.list('allocs').find((a) => a.ClientStatus === 'running')!;
    expect((await h.get(`/v1/client/fs/ls/${running.ID}?path=/`)).status).toBe(200);
    expect((await h.get(`/v1/client/allocation/${running.ID}/stats`)).status).toBe(200);
    // The event stream is served by each server from its own broker.
    const abort = new AbortController();
    const stream = await fetch(`${h.base}/v1/event/stream?topic=Job`, { signal: abort.signal });
    expect(stream.status).toBe(200);
    abort.abort();
    // Unknown paths are still the router's empty 404.
    expect((await h.get('/v1/no-such-endpoint')).status).toBe(404);

    // Writes need the leader too.
    const stop = await h.post(`/v1/allocation/${running.ID}/stop`, '');
    expect([stop.status, await stop.text()]).toEqual([500, 'No cluster leader']);

    // Five reads and one write were refused.
    expect(await (await leader('elected')).json()).toEqual({ Leader: 'elected', Refused: refusedBefore + 6 });
    const back = await h.get('/v1/jobs');
    expect(back.status).toBe(200);
    expect(back.headers.get('x-nomad-knownleader')).toBe('true');
    expect(back.headers.get('x-nomad-lastcontact')).toBe('0');
    expect(await (await h.get('/v1/status/leader')).json()).not.toBe('');
  });

  it('ends a waiting blocking query with the 500 and leaves a stale one waiting', async () => {
    const index = Number((await h.get('/v1/allocations')).headers.get('x-nomad-index'));
    const waiting = h.get(`/v1/allocations?index=${index}&wait=60s`);
    const staleWaiting = h.get(`/v1/allocations?index=${index}&wait=60s&stale`);
    // Let both requests reach their wait before the leader goes.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await leader('lost');
    const res = await waiting;
    expect([res.status, await res.text()]).toEqual([500, 'No cluster leader']);
    // The stale one is still waiting: a change wakes it, answered from local state.
    let staleDone = false;
    void staleWaiting.then(() => (staleDone = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(staleDone).toBe(false);
    const alloc = h.runtime.store.list('allocs')[0]!;
    h.runtime.store.commit('AllocationUpdated', (txn) =>
      txn.put('allocs', alloc.ID, { ...alloc, ModifyIndex: txn.index }),
    );
    const staleRes = await staleWaiting;
    expect(staleRes.status).toBe(200);
    expect(staleRes.headers.get('x-nomad-knownleader')).toBe('false');
    expect(Number(staleRes.headers.get('x-nomad-index'))).toBeGreaterThan(index);
  });

  it('refuses an unknown state', async () => {
    const res = await leader('maybe');
    expect([res.status, await res.text()]).toEqual([400, 'state must be lost or elected']);
  });
});
