/**
 * `/v1/client/fs/*` (nomad-api.md §4; command/agent/fs_endpoint.go, client/fs_endpoint.go):
 * ls, stat, cat, readat, stream and logs over the in-memory allocation filesystems of
 * server/mock/fs. The mock agent is a server: allocations live on other (simulated)
 * nodes, so a down node is `No path to node`. A missing capability is a 403
 * `Permission denied` as the node's client answers it; with `deniedAs500` the streaming
 * endpoints (cat/readat/stream/logs) answer 500 instead, as when a server forwards them.
 */
import type { ServerResponse } from 'node:http';
import { clientGone } from '../../http/blocking.ts';
import { badRequest, HttpError, notFound, PERMISSION_DENIED } from '../../http/errors.ts';
import { parseGoBool } from '../../http/query.ts';
import { rfc3339Nano } from '../../http/go-time.ts';
import { allows, ENDPOINT_REQUIREMENTS, type Requirement } from '../acl/capabilities.ts';
import type { Timers } from '../events/timers.ts';
import type { AllocFs, FileInfo } from '../fs/alloc-fs.ts';
import { followFile, followLogs } from '../fs/followers.ts';
import { StreamFramer } from '../fs/framer.ts';
import { FsError } from '../fs/paths.ts';
import { openSink, type Sink } from '../fs/sink.ts';
import type { FsRegistry } from '../fs/registry.ts';
import { safeContentType } from '../fs/sniff.ts';
import { sendJson, type Exchange, type MockDeps, type RouteDef } from '../http-kit.ts';
import { parseUuidIndex } from '../uuid-index.ts';
import type { AllocationWire } from '../wire.ts';

export interface ClientFsOptions {
  registry: FsRegistry;
  timers: Timers;
  /** `{}` heartbeat period. Default 1000 ms (Nomad's streamHeartbeatRate). */
  heartbeatMs?: number;
  /** Coalescing window. Default 200 ms (Nomad's streamBatchWindow). */
  batchMs?: number;
  /**
   * nomad-api.md §4.3 [inferred]: errors of `cat` / `readat` arrive as HTTP 200 with the
   * error text as the body. Off by default (errors keep their status codes).
   */
  inferredErrors200?: boolean;
  /** §4.1: a forwarding server reports a denied cat/readat/stream/logs as 500. Default false (403). */
  deniedAs500?: boolean;
}

const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
const OPS = ['ls', 'stat', 'readat', 'cat', 'stream', 'logs'] as const;
type Op = (typeof OPS)[number];

/** Go's strconv.ParseInt(s, 10, 64) error texts. */
function parseGoInt(raw: string): { value: number } | { error: string } {
  if (!/^[+-]?\d+$/.test(raw)) return { error: `strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax` };
  const big = BigInt(raw);
  if (big > 9223372036854775807n || big < -9223372036854775808n) {
    return { error: `strconv.ParseInt: parsing ${JSON.stringify(raw)}: value out of range` };
  }
  return { value: Number(big) };
}

function parseBoolParam(raw: string): { value: boolean } | { error: string } {
  const value = parseGoBool(raw);
  return value === undefined
    ? { error: `strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax` }
    : { value };
}

function wireInfo(info: FileInfo & { ContentType?: string }): Record<string, unknown> {
  const out: Record<string, unknown> = {
    FileMode: info.FileMode,
    IsDir: info.IsDir,
    ModTime: rfc3339Nano(info.ModTime),
    Name: info.Name,
    Size: info.Size,
  };
  if (info.ContentType) out.ContentType = info.ContentType;
  return out;
}

function setCors(ex: Exchange): void {
  ex.res.setHeader('Access-Control-Allow-Origin', '*');
  ex.res.setHeader('Access-Control-Allow-Credentials', 'true');
}

export function clientFsRoutes(deps: MockDeps, opts: ClientFsOptions): RouteDef[] {
  const { store, auth } = deps;
  const heartbeatMs = opts.heartbeatMs ?? 1000;
  const batchMs = opts.batchMs ?? 200;

  /** The alloc behind a request, checked as a server forwarding to its node would. */
  function resolve(ex: Exchange, allocId: string, op: Op): { alloc: AllocationWire; fs: AllocFs } {
    const { acl } = auth.resolve(ex.req);
    try {
      parseUuidIndex(allocId, true);
    } catch (err) {
      throw new Error(`alloc lookup failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const alloc = store.get('allocs', allocId.toLowerCase());
    if (!alloc) throw notFound(`Unknown allocation "${allocId}"`);
    const requirement: Requirement = ENDPOINT_REQUIREMENTS[`GET /v1/client/fs/${op}/:alloc`];
    if (!allows(acl, requirement, alloc.Namespace)) {
      throw new HttpError(op !== 'ls' && op !== 'stat' && opts.deniedAs500 ? 500 : 403, PERMISSION_DENIED);
    }
    const node = store.get('nodes', alloc.NodeID);
    if (!node || node.Status === 'down') throw notFound('No path to node');
    return { alloc, fs: opts.registry.fsFor(alloc) };
  }

  /** ls / stat: "no such file" is a 404 (IsErrNoSuchFileOrDirectory); other fs errors are 500s. */
  function fsStatus(err: unknown): never {
    if (err instanceof FsError) throw new HttpError(err.kind === 'not-found' ? 404 : 500, err.message);
    throw err;
  }

  const ls = (ex: Exchange, allocId: string): void => {
    const path = ex.url.searchParams.get('path') || '/';
    const { fs } = resolve(ex, allocId, 'ls');
    let files: FileInfo[];
    try {
      files = fs.list(path);
    } catch (err) {
      fsStatus(err);
    }
    sendJson(ex, files.map(wireInfo));
  };

  const stat = (ex: Exchange, allocId: string): void => {
    const path = ex.url.searchParams.get('path') ?? '';
    if (path === '') throw badRequest('must provide a file name');
    const { fs } = resolve(ex, allocId, 'stat');
    let info: ReturnType<AllocFs['stat']>;
    try {
      info = fs.stat(path);
    } catch (err) {
      fsStatus(err);
    }
    sendJson(ex, wireInfo(info));
  };

  /** cat and readat: Nomad runs them as a plain, non-following FileSystem.Stream. */
  const rawRead = async (ex: Exchange, allocId: string, op: 'cat' | 'readat'): Promise<void> => {
    const q = ex.url.searchParams;
    const path = q.get('path') ?? '';
    if (path === '') throw badRequest('must provide a file name');
    let offset = 0;
    let limit = 0;
    if (op === 'readat') {
      const o = parseGoInt(q.get('offset') ?? '');
      if ('error' in o) throw new Error(`error parsing offset: ${o.error}`);
      offset = Math.max(0, o.value);
      const rawLimit = q.get('limit') ?? '';
      if (rawLimit !== '') {
        const l = parseGoInt(rawLimit);
        if ('error' in l) throw new Error(`error parsing limit: ${l.error}`);
        limit = l.value;
      }
    }
    const { fs } = resolve(ex, allocId, op);
    let size: number;
    try {
      const info = fs.stat(path);
      if (info.IsDir) throw badRequest(`file ${JSON.stringify(path)} is a directory`);
      fs.checkRead(path);
      size = info.Size;
    } catch (err) {
      if (err instanceof FsError)
        throw new HttpError(err.kind === 'secret' || err.kind === 'private' ? 500 : 400, err.message);
      throw err;
    }
    const end = limit > 0 ? Math.min(size, offset + limit) : size;
    const res = ex.res;
    res.statusCode = 200;
    res.setHeader('Content-Type', safeContentType(fs.read(path, offset, Math.min(512, Math.max(0, end - offset)))));
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-XSS-Protection', '1; mode=block');
    const gone = AbortSignal.any([clientGone(ex.req, res), deps.closing]);
    const sink = openSink(res);
    let pos = offset;
    while (pos < end && !gone.aborted && !sink.destroyed) {
      const chunk = fs.read(path, pos, Math.min(64 * 1024, end - pos));
      if (chunk.length === 0) break;
      pos += chunk.length;
      sink.write(chunk);
      if (sink.congested) await new Promise<void>((resolve) => sink.onDrain(resolve));
    }
    sink.end();
  };

  /** Headers of a streaming response, sent at once so a client sees 200 before any frame. */
  function openStream(res: ServerResponse, contentType: string): Sink {
    res.statusCode = 200;
    res.setHeader('Content-Type', contentType);
    const sink = openSink(res);
    res.flushHeaders();
    return sink;
  }

  const stream = async (ex: Exchange, allocId: string): Promise<void> => {
    const q = ex.url.searchParams;
    const path = q.get('path') ?? '';
    if (path === '') throw badRequest('must provide a file name');
    let follow = true;
    const rawFollow = q.get('follow') ?? '';
    if (rawFollow !== '') {
      const f = parseBoolParam(rawFollow);
      if ('error' in f) throw new Error(`failed to parse follow field to boolean: ${f.error}`);
      follow = f.value;
    }
    let offset = 0;
    const rawOffset = q.get('offset') ?? '';
    if (rawOffset !== '') {
      const o = parseGoInt(rawOffset);
      if ('error' in o) throw new Error(`error parsing offset: ${o.error}`);
      offset = o.value;
    }
    const origin = q.get('origin') || 'start';
    if (origin !== 'start' && origin !== 'end') throw badRequest('origin must be start or end');
    const { fs } = resolve(ex, allocId, 'stream');
    let size: number;
    try {
      const info = fs.stat(path);
      if (info.IsDir) throw badRequest(`file ${JSON.stringify(path)} is a directory`);
      size = info.Size;
    } catch (err) {
      if (err instanceof FsError) throw badRequest(err.message);
      throw err;
    }
    try {
      fs.checkRead(path);
    } catch (err) {
      if (err instanceof FsError) throw new HttpError(500, err.message);
      throw err;
    }
    if (origin === 'end') offset = Math.max(0, size - offset);
    offset = Math.max(0, offset);
    const sink = openStream(ex.res, 'text/plain; charset=utf-8');
    const framer = new StreamFramer(sink, { plain: false, heartbeatMs, batchMs, timers: opts.timers });
    framer.start();
    const signal = AbortSignal.any([clientGone(ex.req, ex.res), deps.closing]);
    await followFile(fs, path, offset, follow, framer, signal, (fn) => sink.onDrain(fn));
  };

  const logs = async (ex: Exchange, allocId: string): Promise<void> => {
    const q = ex.url.searchParams;
    const task = q.get('task') ?? '';
    if (task === '') throw badRequest('must provide task name');
    let follow = false;
    let plain = false;
    const rawFollow = q.get('follow') ?? '';
    if (rawFollow !== '') {
      const f = parseBoolParam(rawFollow);
      if ('error' in f) throw badRequest(`failed to parse follow field to boolean: ${f.error}`);
      follow = f.value;
    }
    const rawPlain = q.get('plain') ?? '';
    if (rawPlain !== '') {
      const p = parseBoolParam(rawPlain);
      if ('error' in p) throw badRequest(`failed to parse plain field to boolean: ${p.error}`);
      plain = p.value;
    }
    const type = q.get('type') ?? '';
    if (type !== 'stdout' && type !== 'stderr') throw badRequest('must provide log type (stdout/stderr)');
    let offset = 0;
    const rawOffset = q.get('offset') ?? '';
    if (rawOffset !== '') {
      const o = parseGoInt(rawOffset);
      if ('error' in o) throw badRequest(`error parsing offset: ${o.error}`);
      offset = o.value;
    }
    const origin = q.get('origin') || 'start';
    if (origin !== 'start' && origin !== 'end') throw badRequest('origin must be start or end');
    const { alloc, fs } = resolve(ex, allocId, 'logs');
    const state = alloc.TaskStates?.[task];
    if (!state) throw badRequest(`unknown task name ${JSON.stringify(task)}`);
    if (!state.StartedAt) throw notFound(`task ${JSON.stringify(task)} not started yet. No logs available`);
    const logStream = fs.logStream(task, type);
    if (!logStream || logStream.list().length === 0) {
      throw notFound(`log entry for task ${JSON.stringify(task)} and log type ${JSON.stringify(type)} not found`);
    }
    const sink = openStream(ex.res, plain ? 'text/plain' : 'application/json');
    const framer = new StreamFramer(sink, { plain, heartbeatMs, batchMs, timers: opts.timers });
    framer.start();
    const signal = AbortSignal.any([clientGone(ex.req, ex.res), deps.closing]);
    await followLogs(logStream, origin, offset, follow, framer, signal, (fn) => sink.onDrain(fn));
  };

  const dispatch = async (ex: Exchange): Promise<void> => {
    setCors(ex);
    const preflight = ex.req.headers['access-control-request-method'];
    if (ex.req.method === 'OPTIONS' && typeof preflight === 'string') {
      // rs/cors answers a preflight itself: 204, echoing the requested method and headers.
      ex.res.setHeader('Access-Control-Allow-Methods', preflight.toUpperCase());
      const headers = ex.req.headers['access-control-request-headers'];
      if (typeof headers === 'string') ex.res.setHeader('Access-Control-Allow-Headers', headers);
      ex.res.writeHead(204).end();
      return;
    }
    const rest = ex.params.rest ?? '';
    const slash = rest.indexOf('/');
    const op = (slash === -1 ? '' : rest.slice(0, slash)) as Op;
    if (!OPS.includes(op)) throw notFound('Invalid method');
    const allocId = rest.slice(slash + 1);
    if (allocId === '') throw badRequest('must provide a valid alloc id');
    const raw = op === 'cat' || op === 'readat';
    try {
      switch (op) {
        case 'ls':
          return ls(ex, allocId);
        case 'stat':
          return stat(ex, allocId);
        case 'cat':
        case 'readat':
          return await rawRead(ex, allocId, op);
        case 'stream':
          return await stream(ex, allocId);
        case 'logs':
          return await logs(ex, allocId);
      }
    } catch (err) {
      if (!raw || !opts.inferredErrors200 || ex.res.headersSent) throw err;
      // §4.3 [inferred]: the anti-XSS wrapper commits a 200 before the error is written.
      const message = err instanceof Error ? err.message : String(err);
      ex.res.writeHead(200, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        'X-Content-Type-Options': 'nosniff',
        'X-XSS-Protection': '1; mode=block',
      });
      ex.res.end(message);
    }
  };

  return [{ methods: ALL_METHODS, pattern: '/v1/client/fs/*rest', handler: dispatch }];
}
