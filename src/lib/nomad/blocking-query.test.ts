// @vitest-environment jsdom
// jsdom, not node: TanStack schedules no refetch timers in a server environment.
import { QueryClient, QueryObserver, type QueryObserverResult } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BLOCKING_RETRY_MAX_MS,
  blockingQueryOptions,
  blockingRetryDelay,
  LOOP_GAP_MS,
  POLL_WITHOUT_INDEX_MS,
} from './blocking-query.ts';
import { liveStatus } from './live-status.ts';
import { NomadError } from './nomad-error.ts';
import { backoffDelay } from './retry-policy.ts';

type Reply = { body: unknown; index?: number; status?: number } | Error;

/** A fetch stub whose answers the test hands out one by one, like a server holding requests. */
function controllableFetch() {
  const requests: { url: URL; signal: AbortSignal | undefined; reply: (r: Reply) => void }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(
      (url: string, init: RequestInit) =>
        new Promise<Response>((resolve, reject) => {
          const signal = init.signal ?? undefined;
          signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
          requests.push({
            url: new URL(url, 'http://localhost'),
            signal,
            reply: (r) => {
              if (r instanceof Error) return reject(r);
              const headers: Record<string, string> = { 'Content-Type': 'application/json' };
              if (r.index !== undefined) headers['X-Nomad-Index'] = String(r.index);
              const status = r.status ?? 200;
              resolve(
                new Response(typeof r.body === 'string' && status >= 400 ? r.body : JSON.stringify(r.body), {
                  status,
                  headers,
                }),
              );
            },
          });
        }),
    ),
  );
  return requests;
}

let client: QueryClient;
let unsubscribe: (() => void) | undefined;

beforeEach(() => {
  vi.useFakeTimers();
  client = new QueryClient();
});
afterEach(() => {
  unsubscribe?.();
  unsubscribe = undefined;
  client.clear();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function observe(namespace = 'default', path = '/v1/jobs') {
  const observer = new QueryObserver(client, blockingQueryOptions<string[]>({ key: [path, 'list'], path, namespace }));
  let latest: QueryObserverResult<string[]> = observer.getCurrentResult();
  const previous = unsubscribe;
  const own = observer.subscribe((r) => {
    latest = r;
  });
  unsubscribe = () => {
    previous?.();
    own();
  };
  return { result: () => latest };
}

/** Lets resolved promises run and timers up to `ms` fire. */
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('blockingQueryOptions', () => {
  it('re-queries with the index of the previous answer, so each request waits for a change', async () => {
    const requests = controllableFetch();
    const { result } = observe();
    await advance(0);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url.searchParams.has('index')).toBe(false);
    expect(requests[0]!.url.searchParams.get('namespace')).toBe('default');

    requests[0]!.reply({ body: ['a'], index: 7 });
    await advance(LOOP_GAP_MS + 1);
    expect(result().data).toEqual(['a']);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.url.searchParams.get('index')).toBe('7');
    expect(requests[1]!.url.searchParams.get('wait')).toBe('5m');

    // While Nomad holds the request open nothing else is sent.
    await advance(60_000);
    expect(requests).toHaveLength(2);

    requests[1]!.reply({ body: ['a', 'b'], index: 9 });
    await advance(LOOP_GAP_MS + 1);
    expect(result().data).toEqual(['a', 'b']);
    expect(requests[2]!.url.searchParams.get('index')).toBe('9');
  });

  it('puts namespace and region in the query key', () => {
    const a = blockingQueryOptions({ key: ['jobs'], path: '/v1/jobs', namespace: 'a' }).queryKey;
    const b = blockingQueryOptions({ key: ['jobs'], path: '/v1/jobs', namespace: 'b' }).queryKey;
    const c = blockingQueryOptions({ key: ['jobs'], path: '/v1/jobs', namespace: 'a', region: 'eu' }).queryKey;
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    expect(a[0]).toBe('jobs');
  });

  it('backs off after a transient error, keeps the data, reports it, then recovers', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5); // no jitter: delays are exactly 1 s, 2 s…
    const requests = controllableFetch();
    const { result } = observe();
    await advance(0);
    requests[0]!.reply({ body: ['a'], index: 7 });
    await advance(LOOP_GAP_MS + 1);

    requests[1]!.reply({ body: 'No cluster leader', status: 500 });
    await advance(0);
    expect(result().data).toEqual(['a']);
    expect(result().failureReason).toBeInstanceOf(NomadError);
    const status = liveStatus(result());
    expect(status.state).toBe('retrying');
    expect(status.error?.message).toMatch(/^No cluster leader/);
    expect(status.lastUpdatedAt).toBeGreaterThan(0);

    // Not hammered: the retry waits out the first backoff step (1 s).
    await advance(900);
    expect(requests).toHaveLength(2);
    await advance(200);
    expect(requests).toHaveLength(3);
    // A retry does not block: it answers at once, so recovery shows at once.
    expect(requests[2]!.url.searchParams.has('index')).toBe(false);

    requests[2]!.reply(new TypeError('Failed to fetch'));
    await advance(1_900); // second step is 2 s
    expect(requests).toHaveLength(3);
    await advance(200);
    expect(requests).toHaveLength(4);

    requests[3]!.reply({ body: ['a', 'c'], index: 8 });
    await advance(0);
    expect(result().data).toEqual(['a', 'c']);
    expect(liveStatus(result()).state).toBe('live');
    // Then the loop blocks again, from the fresh index.
    await advance(LOOP_GAP_MS + 1);
    expect(requests[4]!.url.searchParams.get('index')).toBe('8');
  });

  it('stops on a 403 and shows it, instead of repeating a request that cannot succeed', async () => {
    const requests = controllableFetch();
    const { result } = observe('prod');
    await advance(0);
    requests[0]!.reply({ body: 'Permission denied', status: 403 });
    await advance(0);
    expect(result().status).toBe('error');
    expect(result().error?.message).toBe(
      'Permission denied: this token lacks the "list-jobs" capability in namespace "prod" (GET /v1/jobs)',
    );
    expect(liveStatus(result()).state).toBe('stopped');
    await advance(120_000);
    expect(requests).toHaveLength(1);
  });

  it('polls slowly when the endpoint sends no index', async () => {
    const requests = controllableFetch();
    observe();
    await advance(0);
    requests[0]!.reply({ body: [] });
    await advance(LOOP_GAP_MS * 4);
    expect(requests).toHaveLength(1);
    await advance(POLL_WITHOUT_INDEX_MS);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.url.searchParams.has('index')).toBe(false);
  });

  it('aborts the held request when the last observer goes away', async () => {
    const requests = controllableFetch();
    observe();
    await advance(0);
    requests[0]!.reply({ body: [], index: 3 });
    await advance(LOOP_GAP_MS + 1);
    expect(requests[1]!.signal?.aborted).toBe(false);
    unsubscribe?.();
    unsubscribe = undefined;
    expect(requests[1]!.signal?.aborted).toBe(true);
  });

  it('starts over without an index after the cache is reset (new token)', async () => {
    const requests = controllableFetch();
    observe();
    await advance(0);
    requests[0]!.reply({ body: ['a'], index: 5 });
    await advance(LOOP_GAP_MS + 1);
    void client.resetQueries();
    await advance(0);
    expect(requests[1]!.signal?.aborted).toBe(true);
    const last = requests.at(-1)!;
    expect(last).not.toBe(requests[1]);
    expect(last.url.searchParams.has('index')).toBe(false);
  });
});

describe('recovery of several live views', () => {
  it('retries the other failing views at once when one of them gets an answer again', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const requests = controllableFetch();
    const jobs = observe('default', '/v1/jobs');
    const nodes = observe('default', '/v1/nodes');
    await advance(0);
    const open = (path: string) => requests.filter((r) => r.url.pathname === path).at(-1)!;
    open('/v1/jobs').reply({ body: ['j'], index: 4 });
    open('/v1/nodes').reply({ body: ['n'], index: 4 });
    await advance(LOOP_GAP_MS + 1);

    // The jobs view fails three times (its next retry is 4 s away); nodes fails once (1 s).
    for (const wait of [0, 1_000, 2_000]) {
      await advance(wait);
      open('/v1/jobs').reply({ body: 'No cluster leader', status: 500 });
      await advance(0);
    }
    open('/v1/nodes').reply({ body: 'No cluster leader', status: 500 });
    await advance(0);
    expect(liveStatus(jobs.result()).state).toBe('retrying');
    const jobsRequests = () => requests.filter((r) => r.url.pathname === '/v1/jobs').length;
    const before = jobsRequests();

    // The nodes view's retry succeeds: the jobs view tries again now, not in 4 s.
    await advance(1_000);
    open('/v1/nodes').reply({ body: ['n', 'm'], index: 5 });
    await advance(0);
    expect(nodes.result().data).toEqual(['n', 'm']);
    expect(jobsRequests()).toBe(before + 1);
    open('/v1/jobs').reply({ body: ['j', 'k'], index: 6 });
    await advance(0);
    expect(jobs.result().data).toEqual(['j', 'k']);
    expect(liveStatus(jobs.result()).state).toBe('live');
  });
});

describe('blockingRetryDelay', () => {
  it('follows the backoff but never waits more than about 5 s', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 10].map((n) => blockingRetryDelay(n, undefined, mid))).toEqual([
      1000,
      2000,
      4000,
      BLOCKING_RETRY_MAX_MS,
      BLOCKING_RETRY_MAX_MS,
      BLOCKING_RETRY_MAX_MS,
    ]);
    expect(blockingRetryDelay(10, undefined, () => 0.999999)).toBe(6000);
    expect(blockingRetryDelay(10, undefined, () => 0)).toBe(4000);
  });
});

describe('backoffDelay', () => {
  it('doubles from 1 s up to a 30 s cap, with bounded jitter', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, undefined, mid))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(backoffDelay(0, undefined, () => 0)).toBe(800);
    expect(backoffDelay(0, undefined, () => 0.999999)).toBe(1200);
  });
});
