/**
 * Blocking queries, implemented once (nomad-api.md §3.1, nomad/rpc.go `blockingRPC`).
 *
 * With `index` 0 the query runs once. Otherwise it runs, and while the result's index is
 * not above the requested one it waits for a change to one of the watched tables and
 * runs again, until the wait (default 5m, at most 5m, plus up to wait/16 of jitter)
 * elapses; then the current result is returned as a normal 200. A disconnected client or
 * a closing server ends the wait early.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const DEFAULT_WAIT_MS = 5 * 60_000;
export const MAX_WAIT_MS = 5 * 60_000;
export const JITTER_FRACTION = 16;

export interface BlockingResult<T> {
  index: number;
  value: T;
}

/** Where change notifications come from: a state store, typically. */
export interface ChangeFeed {
  /** Calls `listener` after any change to one of `tables`; returns the unsubscribe function. */
  watch(tables: readonly string[], listener: () => void): () => void;
}

export interface BlockingQuery<T> {
  minIndex: number;
  waitMs: number | undefined;
  feed: ChangeFeed;
  tables: readonly string[];
  run: () => BlockingResult<T>;
  /** Aborting ends the wait; the latest result is returned. */
  signal: AbortSignal;
  random?: () => number;
}

/** Nomad's effective timeout: clamp to 5m, default 5m for absent or non-positive values, add jitter. */
export function effectiveWaitMs(waitMs: number | undefined, random: () => number = Math.random): number {
  let wait = waitMs ?? 0;
  if (wait > MAX_WAIT_MS) wait = MAX_WAIT_MS;
  else if (wait <= 0) wait = DEFAULT_WAIT_MS;
  return wait + Math.floor(random() * (wait / JITTER_FRACTION));
}

function floorIndex<T>(result: BlockingResult<T>): BlockingResult<T> {
  // Never report index 0: a client could not block on it (Nomad floors at 1 too).
  return result.index < 1 ? { ...result, index: 1 } : result;
}

export function blockingQuery<T>(q: BlockingQuery<T>): Promise<BlockingResult<T>> {
  if (q.minIndex === 0 || q.signal.aborted) return Promise.resolve(floorIndex(q.run()));
  return new Promise((resolve, reject) => {
    let unwatch: () => void = () => {};
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unwatch();
      q.signal.removeEventListener('abort', finish);
      try {
        resolve(floorIndex(q.run()));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    const timer = setTimeout(finish, effectiveWaitMs(q.waitMs, q.random));
    q.signal.addEventListener('abort', finish, { once: true });
    // Watch before the first run: commits happen on other turns of the event loop, so
    // nothing can slip between this run and the subscription.
    unwatch = q.feed.watch(q.tables, () => {
      try {
        if (!settled && floorIndex(q.run()).index > q.minIndex) finish();
      } catch (err) {
        settled = true;
        clearTimeout(timer);
        unwatch();
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    try {
      if (floorIndex(q.run()).index > q.minIndex) finish();
    } catch (err) {
      settled = true;
      clearTimeout(timer);
      unwatch();
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/**
 * Whether the (single, simulated) server knows a leader. While it does not, Nomad's
 * `forward` fails every RPC that must reach the leader with `No cluster leader`; only
 * stale reads (`?stale`) are answered from the local state, with `X-Nomad-KnownLeader:
 * false` and a growing `X-Nomad-LastContact` (nomad/rpc.go `forward`, `forwardLeader`).
 */
export class Leadership {
  private lostAtMs: number | null = null;
  private lostController = new AbortController();
  private readonly now: () => number;
  /** Requests answered `No cluster leader` since the start (for tests' figures). */
  refused = 0;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  get known(): boolean {
    return this.lostAtMs === null;
  }

  /** Aborted when the leader is lost, so waiting blocking queries can end. */
  get lostSignal(): AbortSignal {
    return this.lostController.signal;
  }

  /** Milliseconds since the leader was last heard from (0 while there is one). */
  lastContactMs(): number {
    return this.lostAtMs === null ? 0 : Math.max(0, this.now() - this.lostAtMs);
  }

  lose(): void {
    if (this.lostAtMs !== null) return;
    this.lostAtMs = this.now();
    this.lostController.abort();
  }

  elect(): void {
    if (this.lostAtMs === null) return;
    this.lostAtMs = null;
    this.lostController = new AbortController();
  }
}

/** The X-Nomad-* headers of `setMeta`; a single server answers, the leader unless `leader` says otherwise. */
export function setQueryMeta(res: ServerResponse, index: number, leader?: Leadership): void {
  res.setHeader('X-Nomad-Index', String(index < 1 ? 1 : index));
  res.setHeader('X-Nomad-LastContact', String(leader?.lastContactMs() ?? 0));
  res.setHeader('X-Nomad-KnownLeader', String(leader?.known ?? true));
}

/** An AbortSignal that fires when the client goes away before the response is finished. */
export function clientGone(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const onClose = (): void => {
    if (!res.writableEnded) controller.abort();
  };
  res.once('close', onClose);
  req.once('aborted', onClose);
  return controller.signal;
}
