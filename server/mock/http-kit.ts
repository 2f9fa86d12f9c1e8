/**
 * What every mock route handler gets, and the shared steps of a Nomad read endpoint:
 * parse the query options, run the (blocking) query against the store, set the
 * X-Nomad-* headers, write JSON honouring `?pretty`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { blockingQuery, clientGone, setQueryMeta, type BlockingResult } from '../http/blocking.ts';
import { badRequest, HttpError } from '../http/errors.ts';
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
  const result = await blockingQuery({
    minIndex: q.minIndex,
    waitMs: q.waitMs,
    feed: deps.store,
    tables,
    signal: AbortSignal.any([gone, deps.closing]),
    run,
  });
  if (gone.aborted || ex.res.destroyed) return undefined;
  setQueryMeta(ex.res, result.index);
  return result;
}

/** Highest index among `tables`: what Nomad reports for a list spanning several tables. */
export function maxIndex(store: StateStore, ...tables: TableName[]): number {
  return Math.max(0, ...tables.map((t) => store.tableIndex(t)));
}

/** Reads a JSON request body (control routes); throws a 400 on bad JSON. */
export async function readJsonBody(req: IncomingMessage, limit = 1_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new HttpError(413, 'Request body too large');
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(`Failed to decode body: ${err instanceof Error ? err.message : String(err)}`);
  }
}
