/**
 * What every mock route handler gets, and the shared steps of a Nomad read endpoint:
 * parse the query options, run the (blocking) query against the store, set the
 * X-Nomad-* headers, write JSON honouring `?pretty`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { blockingQuery, clientGone, setQueryMeta, type BlockingResult, type Leadership } from '../http/blocking.ts';
import { readJsonRequest } from '../http/body.ts';
import { noClusterLeader } from '../http/errors.ts';
import { wantsPretty } from '../http/json.ts';
import { parseQueryOptions, type QueryOptions } from '../http/query.ts';
import { writeJson } from '../http/respond.ts';
import type { Params } from '../http/router.ts';
import type { Authenticator } from './acl/auth.ts';
import type { Rng } from './prng.ts';
import type { StateStore, TableName } from './store.ts';

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Params;
}

export type MockHandler = (ex: Exchange) => void | Promise<void>;

export interface RouteDef {
  methods: string | readonly string[];
  pattern: string;
  handler: MockHandler;
  /** Shown by `GET /__mock/` for control routes. */
  description?: string;
}

export interface MockDeps {
  store: StateStore;
  auth: Authenticator;
  aclEnabled: boolean;
  now: () => number;
  /** IDs for objects created at runtime (control routes). */
  rng: Rng;
  /** Aborted by close(): pending blocking queries answer at once. */
  closing: AbortSignal;
  log: (line: string) => void;
  /** Leader loss (`/__mock/leader`): absent means there always is a leader. */
  leader?: Leadership;
}

export function query(ex: Exchange): QueryOptions {
  return parseQueryOptions(ex.url);
}

export function sendJson(ex: Exchange, value: unknown, status = 200): void {
  writeJson(ex.res, value, wantsPretty(ex.url), status);
}

/**
 * Runs `run` as a blocking query over `tables` and sets the meta headers. Returns
 * undefined when the client went away meanwhile (nothing must be written then).
 */
export async function blocking<T>(
  deps: MockDeps,
  ex: Exchange,
  q: QueryOptions,
  tables: readonly TableName[],
  run: () => BlockingResult<T>,
): Promise<BlockingResult<T> | undefined> {
  const gone = clientGone(ex.req, ex.res);
  const leader = deps.leader;
  // Without a leader only stale reads are answered (from local state); a waiting query ends.
  if (leader && !leader.known && !q.stale) {
    leader.refused++;
    throw noClusterLeader();
  }
  const result = await blockingQuery({
    minIndex: q.minIndex,
    waitMs: q.waitMs,
    feed: deps.store,
    tables,
    signal: AbortSignal.any([gone, deps.closing, ...(leader && !q.stale ? [leader.lostSignal] : [])]),
    run,
  });
  if (gone.aborted || ex.res.destroyed) return undefined;
  if (leader && !leader.known && !q.stale) {
    leader.refused++;
    throw noClusterLeader();
  }
  setQueryMeta(ex.res, result.index, leader);
  return result;
}

/** Highest index among `tables`: what Nomad reports for a list spanning several tables. */
export function maxIndex(store: StateStore, ...tables: TableName[]): number {
  return Math.max(0, ...tables.map((t) => store.tableIndex(t)));
}

/**
 * Reads a JSON request body (control routes): a 413 over `limit`, a 400 for bad JSON,
 * invalid UTF-8 or absurd nesting (server/http/body.ts); undefined for an empty body.
 */
export function readJsonBody(req: IncomingMessage, limit = 1_000_000): Promise<unknown> {
  return readJsonRequest(req, limit, (problem) => `Failed to decode body: ${problem}`);
}
