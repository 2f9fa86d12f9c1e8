import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockingQuery, clientGone, effectiveWaitMs, setQueryMeta, type ChangeFeed } from './blocking.ts';
import { HttpError } from './errors.ts';
import { parseQueryOptions } from './query.ts';
import { writeError, writeJson } from './respond.ts';

/** A one-table feed standing in for the state store. */
class FakeFeed implements ChangeFeed {
  index = 5;
  value = 'initial';
  readonly listeners = new Set<() => void>();
  watch(_tables: readonly string[], listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  change(value: string): void {
    this.index++;
    this.value = value;
    this.listeners.forEach((l) => l());
  }
}

let server: Server;
let base: string;
let feed: FakeFeed;

beforeEach(async () => {
  feed = new FakeFeed();
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void (async () => {
      try {
        const q = parseQueryOptions(url);
        const signal = clientGone(req, res);
        const result = await blockingQuery({
          minIndex: q.minIndex,
          waitMs: q.waitMs,
          feed,
          tables: ['things'],
          signal,
          run: () => ({ index: feed.index, value: { Value: feed.value } }),
        });
        if (signal.aborted) return;
        setQueryMeta(res, result.index);
        writeJson(res, result.value, false);
      } catch (err) {
        if (err instanceof HttpError) writeError(res, err.status, err.message);
        else throw err;
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('blocking queries over HTTP', () => {
  it('answers at once without an index, with the Nomad meta headers', async () => {
    const res = await fetch(`${base}/v1/things`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-nomad-index')).toBe('5');
    expect(res.headers.get('x-nomad-lastcontact')).toBe('0');
    expect(res.headers.get('x-nomad-knownleader')).toBe('true');
    expect(await res.json()).toEqual({ Value: 'initial' });
  });

  it('answers at once when the current index is already above the requested one', async () => {
    const res = await fetch(`${base}/v1/things?index=4&wait=5m`);
    expect(res.headers.get('x-nomad-index')).toBe('5');
  });

  it('waits for a change past the index and then returns the new data', async () => {
    const pending = fetch(`${base}/v1/things?index=5&wait=5m`);
    await expect.poll(() => feed.listeners.size).toBe(1);
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(settled).toBe(false);
    feed.change('updated');
    const res = await pending;
    expect(res.headers.get('x-nomad-index')).toBe('6');
    expect(await res.json()).toEqual({ Value: 'updated' });
    expect(feed.listeners.size).toBe(0);
  });

  it('returns 200 with the same index and current data when the wait times out', async () => {
    const res = await fetch(`${base}/v1/things?index=5&wait=100ms`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-nomad-index')).toBe('5');
    expect(await res.json()).toEqual({ Value: 'initial' });
    expect(feed.listeners.size).toBe(0);
  });

  it.each([
    ['index=abc', 'Invalid index'],
    ['index=-1', 'Invalid index'],
    ['wait=30', 'Invalid wait time'],
    ['wait=soon', 'Invalid wait time'],
    ['index=abc&wait=bad', 'Invalid wait time'],
    ['stale=maybe', 'Expect `true` or `false` for `stale` query string parameter'],
    ['per_page=ten', 'Expect a number for `per_page` query string parameter'],
  ])('rejects %s with 400 %s', async (query, message) => {
    const res = await fetch(`${base}/v1/things?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe(message);
  });

  it('releases the waiter when the client disconnects', async () => {
    const req = request(`${base}/v1/things?index=5&wait=5m`);
    req.on('error', () => {});
    req.end();
    await expect.poll(() => feed.listeners.size).toBe(1);
    req.destroy();
    await expect.poll(() => feed.listeners.size).toBe(0);
  });
});

describe('effectiveWaitMs', () => {
  it('defaults to 5m, clamps at 5m and adds at most wait/16 of jitter', () => {
    expect(effectiveWaitMs(undefined, () => 0)).toBe(300_000);
    expect(effectiveWaitMs(0, () => 0)).toBe(300_000);
    expect(effectiveWaitMs(900_000, () => 0)).toBe(300_000);
    expect(effectiveWaitMs(1600, () => 0.999)).toBe(1699);
    expect(effectiveWaitMs(1600, () => 0)).toBe(1600);
  });
});

describe('blockingQuery', () => {
  it('floors index 0 to 1 and ends the wait when the signal aborts', async () => {
    const controller = new AbortController();
    const f = new FakeFeed();
    f.index = 0;
    const pending = blockingQuery({
      minIndex: 3,
      waitMs: 60_000,
      feed: f,
      tables: ['t'],
      signal: controller.signal,
      run: () => ({ index: f.index, value: f.value }),
    });
    controller.abort();
    await expect(pending).resolves.toEqual({ index: 1, value: 'initial' });
    expect(f.listeners.size).toBe(0);
  });
});
