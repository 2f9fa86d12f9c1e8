/**
 * The sinks API (nomad-api.md §2.2, see README-api.md for the exact shapes) and the
 * delivery workers behind it, for mock and proxy mode alike. Mounted by server/app.ts in
 * front of the mock or the proxy.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { blockingQuery, clientGone, setQueryMeta, type ChangeFeed } from '../http/blocking.ts';
import { readJsonRequest } from '../http/body.ts';
import { badRequest, HttpError, invalidMethod, notFound, toStatusAndMessage } from '../http/errors.ts';
import { wantsPretty } from '../http/json.ts';
import { parseQueryOptions } from '../http/query.ts';
import { writeError, writeJson } from '../http/respond.ts';
import { UpstreamAuthorizer, type Permissions } from './auth.ts';
import { SINKS_TABLE, SinkStore, type SinkStoreOptions, type StoredSink } from './store.ts';
import type { Upstream } from './upstream.ts';
import { sinkIdProblems, SinkValidationError, validateSinkInput, type SinkInput } from './validate.ts';
import { SinkWorker, type BackoffPolicy, type DeliveryState } from './worker.ts';

export const NOT_FOUND = 'event sink not found';
export const MISSING_CAPABILITY_HEADER = 'X-Nomad-Live-Missing-Capability';
const MAX_BODY_BYTES = 1 << 20;

export interface SinkServiceOptions {
  dataDir: string;
  /** The Nomad API to stream events from and check tokens against; called lazily. */
  upstream: () => Promise<Upstream>;
  log?: (line: string) => void;
  store?: SinkStoreOptions;
  backoff?: BackoffPolicy;
  postTimeoutMs?: number;
  random?: () => number;
  authCacheMs?: number;
}

/** The public view of a sink: Nomad's fields plus our optional extras; never the secret. */
export function sinkJson(s: StoredSink): Record<string, unknown> {
  return {
    Address: s.Address,
    CreateIndex: s.CreateIndex,
    HasSecret: s.Secret !== '',
    Headers: s.Headers,
    ID: s.ID,
    LatestIndex: s.LatestIndex,
    ModifyIndex: s.ModifyIndex,
    Topics: s.Topics,
    Type: s.Type,
  };
}

/** Whether applying `input` changes how the sink delivers (then its worker restarts). */
function deliveryChanges(before: StoredSink, input: SinkInput): boolean {
  return (
    before.Type !== input.Type ||
    before.Address !== input.Address ||
    JSON.stringify(before.Topics) !== JSON.stringify(input.Topics) ||
    (input.Headers !== undefined && JSON.stringify(before.Headers) !== JSON.stringify(input.Headers)) ||
    (input.Secret !== undefined && before.Secret !== input.Secret) ||
    (input.LatestIndex !== undefined && before.LatestIndex !== input.LatestIndex)
  );
}

class Feed implements ChangeFeed {
  index = 0;
  private readonly listeners = new Set<() => void>();
  watch(_tables: readonly string[], listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  bump(): void {
    this.index += 1;
    for (const l of [...this.listeners]) l();
  }
}

/** Nomad's 405 text, plus the Allow header RFC 9110 asks for (these routes are ours). */
function notAllowed(res: ServerResponse, allow: string): HttpError {
  res.setHeader('Allow', allow);
  return invalidMethod();
}

export class SinkService {
  readonly store: SinkStore;
  private readonly workers = new Map<string, SinkWorker>();
  private readonly deliveries = new Map<string, DeliveryState>();
  private readonly deliveryFeed = new Feed();
  private readonly auth: UpstreamAuthorizer;
  private readonly aborts = new AbortController();
  private closed = false;

  constructor(private readonly opts: SinkServiceOptions) {
    this.store = new SinkStore(opts.dataDir, { log: opts.log, ...opts.store });
    this.auth = new UpstreamAuthorizer(opts.upstream, opts.authCacheMs);
    for (const sink of this.store.list()) this.startWorker(sink, true);
    const loaded = this.store.list().length;
    if (loaded > 0) opts.log?.(`sinks: ${loaded} event sink(s) loaded from ${opts.dataDir}`);
  }

  static handles(path: string): boolean {
    return path === '/v1/event/sinks' || path === '/v1/event/sink' || path.startsWith('/v1/event/sink/');
  }

  private startWorker(sink: StoredSink, fromDisk = false): void {
    const worker: SinkWorker = new SinkWorker(
      sink,
      {
        upstream: this.opts.upstream,
        onProgress: (index, lines, epoch) => {
          // A replaced worker's late answer must not overwrite the new definition's progress.
          if (this.workers.get(sink.ID) === worker) this.store.recordProgress(sink.ID, index, lines, epoch);
        },
        onStateChange: () => this.deliveryFeed.bump(),
        ...(this.opts.backoff ? { backoff: this.opts.backoff } : {}),
        ...(this.opts.random ? { random: this.opts.random } : {}),
        ...(this.opts.postTimeoutMs !== undefined ? { postTimeoutMs: this.opts.postTimeoutMs } : {}),
        ...(this.opts.log ? { log: this.opts.log } : {}),
      },
      this.deliveries.get(sink.ID),
      fromDisk,
    );
    this.workers.set(sink.ID, worker);
    this.deliveries.set(sink.ID, worker.state);
    worker.start();
  }

  private async stopWorker(id: string): Promise<void> {
    const worker = this.workers.get(id);
    this.workers.delete(id);
    await worker?.stop();
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.route(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      const { status, message } =
        err instanceof SinkValidationError ? { status: 400, message: err.message } : toStatusAndMessage(err);
      writeError(res, status, message);
    });
  }

  private async require(req: IncomingMessage, res: ServerResponse, need: 'read' | 'write'): Promise<void> {
    let perms: Permissions;
    try {
      perms = await this.auth.permissions(req);
    } catch (err) {
      throw new HttpError(
        502,
        `cannot check the token with Nomad: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (need === 'read' ? perms.read || perms.write : perms.write) return;
    res.setHeader(MISSING_CAPABILITY_HEADER, need === 'read' ? 'operator:read' : 'management');
    throw new HttpError(403, 'Permission denied');
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sinks.invalid');
    // Route on the path as sent: URL() resolves `..` and `%2e%2e`, which would let
    // `/v1/event/sink/x/../y` act on sink "y" (and `..` as an ID could never be reached again).
    const raw = req.url ?? '/';
    const path = raw.includes('?') ? raw.slice(0, raw.indexOf('?')) : raw;
    const method = req.method ?? 'GET';
    if (path === '/v1/event/sinks') {
      if (method !== 'GET') throw notAllowed(res, 'GET');
      await this.require(req, res, 'read');
      return this.blockingRead(req, res, url, this.store, () => ({
        index: this.store.index,
        value: this.store.list().map(sinkJson),
      }));
    }
    const rest = path === '/v1/event/sink' ? '' : path.slice('/v1/event/sink/'.length);
    const parts = rest.split('/');
    let id: string;
    try {
      id = decodeURIComponent(parts[0] ?? '');
    } catch {
      throw badRequest('Sink ID is not valid URL encoding');
    }
    // The beta answered "Missing Policy Name" here (a copy-paste slip); we say what is missing.
    // An ID no sink can have (NUL, "..", too long) is refused before any lookup or write.
    const idProblem = sinkIdProblems(id)[0];
    if (idProblem !== undefined) throw badRequest(idProblem);
    if (parts.length === 2 && parts[1] === 'deliveries') {
      if (method !== 'GET') throw notAllowed(res, 'GET');
      await this.require(req, res, 'read');
      return this.blockingRead(req, res, url, this.deliveryFeed, () => {
        const state = this.store.get(id) ? this.deliveries.get(id) : undefined;
        if (!state) throw notFound(NOT_FOUND);
        return { index: this.deliveryFeed.index, value: state };
      });
    }
    if (parts.length === 2 && parts[1] === 'test') {
      if (method !== 'POST' && method !== 'PUT') throw notAllowed(res, 'POST, PUT');
      await this.require(req, res, 'write');
      const worker = this.workers.get(id);
      if (!worker) throw notFound(NOT_FOUND);
      const result = await worker.sendTest();
      return writeJson(
        res,
        { Error: result.error, LatencyMs: result.latencyMs, StatusCode: result.status },
        wantsPretty(url),
      );
    }
    if (parts.length > 1) throw badRequest('Sink ID contains a slash');
    switch (method) {
      case 'GET':
        await this.require(req, res, 'read');
        return this.blockingRead(req, res, url, this.store, () => {
          const sink = this.store.get(id);
          if (!sink) throw notFound(NOT_FOUND);
          return { index: this.store.index, value: sinkJson(sink) };
        });
      case 'POST':
      case 'PUT':
        return this.upsert(req, res, id);
      case 'DELETE': {
        await this.require(req, res, 'write');
        const index = await this.store.delete(id);
        await this.stopWorker(id);
        this.deliveries.delete(id);
        this.deliveryFeed.bump();
        return this.writeEmpty(res, index);
      }
      default:
        throw notAllowed(res, 'GET, POST, PUT, DELETE');
    }
  }

  private async upsert(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    await this.require(req, res, 'write');
    // The beta answered the decoder's error as a 500; it is the client's mistake. Size,
    // UTF-8 and nesting are checked before parsing (413 / 400), and nothing is written.
    const body = await readJsonRequest(req, MAX_BODY_BYTES, (problem) => `Request body is not valid JSON: ${problem}`);
    // As in the beta, checked before validation: a missing body ID does not match either.
    const bodyId = typeof body === 'object' && body !== null ? (body as { ID?: unknown }).ID : undefined;
    if (bodyId !== id) throw badRequest('Event sink name does not match request path');
    const input = validateSinkInput(body);
    const current = this.store.get(id);
    const restart = !current || deliveryChanges(current, input);
    // Stop first, so the old worker cannot record progress over the new definition.
    if (restart) await this.stopWorker(id);
    let written;
    try {
      written = await this.store.upsert(input);
    } catch (err) {
      const still = this.store.get(id);
      if (still && !this.workers.has(id) && !this.closed) this.startWorker(still);
      throw err;
    }
    const { index, after } = written;
    if (this.closed) return this.writeEmpty(res, index);
    if (restart || !this.workers.has(id)) {
      if (!current) this.deliveries.delete(id);
      this.startWorker(after);
    }
    this.deliveryFeed.bump();
    this.writeEmpty(res, index);
  }

  private writeEmpty(res: ServerResponse, index: number): void {
    res.statusCode = 200;
    res.setHeader('X-Nomad-Index', String(index));
    res.setHeader('Content-Length', 0);
    res.end();
  }

  private async blockingRead<T>(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    feed: ChangeFeed,
    run: () => { index: number; value: T },
  ): Promise<void> {
    const q = parseQueryOptions(url);
    const signal = AbortSignal.any([clientGone(req, res), this.aborts.signal]);
    const result = await blockingQuery({
      minIndex: q.minIndex,
      waitMs: q.waitMs,
      feed,
      tables: [SINKS_TABLE],
      run,
      signal,
    });
    if (res.destroyed) return;
    setQueryMeta(res, result.index);
    writeJson(res, result.value, wantsPretty(url));
  }

  /** Stops every worker (in-flight POSTs and retry timers included), flushes progress, ends blocking reads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.aborts.abort();
    await Promise.all([...this.workers.keys()].map((id) => this.stopWorker(id)));
    await this.store.close();
  }
}
