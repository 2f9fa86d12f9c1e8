/**
 * Proxy mode: /v1/* goes to a real Nomad agent, byte for byte.
 *
 * - No buffering: request and response bodies are piped, every chunk is written as it
 *   arrives and headers are flushed at once (the event stream's first `{}` must reach the
 *   browser immediately; blocking queries may take 5 min + jitter, so there is no timeout
 *   once connected).
 * - Streams are never compressed: Accept-Encoding is dropped for them, so the agent sends
 *   identity bytes. Other responses pass through as the agent encoded them.
 * - The hijacked event-stream response (no Content-Length, no chunking, ends at close) is
 *   read until the agent closes it, then ended.
 * - WebSockets (exec) are spliced at the TCP level after the agent's 101: frames, the
 *   handshake frame, close codes and reasons pass untouched, and a drop (no close frame,
 *   1006 in the browser) stays a drop.
 * - The browser's X-Nomad-Token passes as is; NOMAD_TOKEN is added only with the opt-in.
 */
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { joinPath, unreachableMessage, type Upstream } from './upstream.ts';

export interface ProxyOptions {
  /** Add NOMAD_TOKEN to browser requests that carry no token (off by default). */
  addTokenToBrowserRequests?: boolean;
  /** Where "cannot reach Nomad" is reported; never passed a token. */
  log?: (line: string) => void;
  /** Give up connecting to the agent after this long (ms); no limit once connected. */
  connectTimeoutMs?: number;
}

export interface NomadProxy {
  handle(req: IncomingMessage, res: ServerResponse): void;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/** RFC 9110 §7.6.1 hop-by-hop headers, plus the proxy ones. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Endpoints that stream: never compressed, never buffered. */
export function isStreamingPath(path: string): boolean {
  return (
    path === '/v1/event/stream' ||
    path === '/v1/agent/monitor' ||
    path.startsWith('/v1/client/fs/stream/') ||
    path.startsWith('/v1/client/fs/logs/')
  );
}

function connectionTokens(headers: IncomingHttpHeaders): Set<string> {
  const raw = headers.connection;
  const list = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  return new Set(
    list
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
}

function hasToken(headers: IncomingHttpHeaders): boolean {
  return !!headers['x-nomad-token'] || /^bearer\s+\S/i.test(headers.authorization ?? '');
}

/** Request headers for the agent: end-to-end ones only, plus X-Forwarded-*. */
export function upstreamRequestHeaders(
  req: IncomingMessage,
  upstream: Upstream,
  options: { addToken: boolean; streaming: boolean; upgrade: boolean },
): OutgoingHttpHeaders {
  const drop = connectionTokens(req.headers);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (HOP_BY_HOP.has(name) || drop.has(name)) continue;
    // Host is the agent's; cookies belong to our origin, not to Nomad.
    if (name === 'host' || name === 'cookie') continue;
    if (name === 'accept-encoding' && options.streaming) continue;
    if (name.startsWith('x-forwarded-')) continue;
    out[name] = value;
  }
  const remote = req.socket.remoteAddress;
  const prior = req.headers['x-forwarded-for'];
  const priorList = Array.isArray(prior) ? prior.join(', ') : prior;
  if (remote) out['x-forwarded-for'] = priorList ? `${priorList}, ${remote}` : remote;
  if (req.headers.host) out['x-forwarded-host'] = req.headers.host;
  out['x-forwarded-proto'] = (req.socket as Socket & { encrypted?: boolean }).encrypted ? 'https' : 'http';
  out.host = upstream.url.host;
  if (options.upgrade) {
    out.connection = 'Upgrade';
    out.upgrade = req.headers.upgrade ?? 'websocket';
  }
  if (options.addToken && upstream.token && !hasToken(req.headers)) out['x-nomad-token'] = upstream.token;
  return out;
}

/** Response headers for the browser: the agent's, minus hop-by-hop ones. */
export function downstreamResponseHeaders(res: IncomingMessage): OutgoingHttpHeaders {
  const drop = connectionTokens(res.headers);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || drop.has(name)) continue;
    out[name] = value;
  }
  return out;
}

function plain502(res: ServerResponse, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function rawResponse(socket: Duplex, status: number, reason: string, text: string): void {
  if (socket.destroyed) return;
  const body = Buffer.from(text);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${text}`,
  );
}

/**
 * Why a request target cannot be forwarded as it is, or undefined. Node's URL parsing of
 * the agent URL would resolve `..`/`%2e%2e` segments and turn `\\` into `/`, so such a
 * path would reach another path than the one asked for: outside a NOMAD_ADDR path prefix,
 * or (with the token opt-in) another service on the agent's host. Browsers resolve dot
 * segments before sending, so only hand-made requests carry them.
 */
export function unforwardablePath(target: string): string | undefined {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  if (!path.startsWith('/v1/') && path !== '/v1') return 'only /v1/ paths are forwarded to Nomad';
  if (path.includes('\\')) return 'a backslash in the path is not forwarded to Nomad';
  for (const segment of path.split('/')) {
    const s = segment.replace(/%2e/gi, '.');
    if (s === '.' || s === '..') return 'a "." or ".." path segment is not forwarded to Nomad';
  }
  return undefined;
}

/** The agent URL for `target`, checked to stay under the agent's base path. */
function agentUrl(upstream: Upstream, target: string): string | { error: string } {
  const why = unforwardablePath(target);
  if (why) return { error: `Invalid request path: ${why}` };
  const url = joinPath(upstream.url, target);
  const prefix = upstream.url.pathname.replace(/\/+$/, '');
  let resolved: URL;
  try {
    resolved = new URL(url);
  } catch {
    return { error: 'Invalid request path' };
  }
  if (resolved.origin !== upstream.url.origin || !resolved.pathname.startsWith(`${prefix}/v1`)) {
    return { error: 'Invalid request path: it leaves the Nomad API' };
  }
  return url;
}

export function createNomadProxy(upstream: Upstream, options: ProxyOptions = {}): NomadProxy {
  const addToken = options.addTokenToBrowserRequests === true;
  const log = options.log ?? (() => {});
  const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
  const send = upstream.secure ? httpsRequest : httpRequest;
  let lastReported = '';

  const report = (message: string) => {
    // One line per change of cause, not one per request: a down agent would flood the log.
    if (message === lastReported) return;
    lastReported = message;
    log(message);
  };

  /** Fails the request if the TCP/TLS connection is not up in time. */
  const guardConnect = (upstreamReq: ReturnType<typeof send>) => {
    upstreamReq.on('socket', (socket: Socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => {
        const err = Object.assign(new Error(`connect ETIMEDOUT after ${connectTimeoutMs} ms`), { code: 'ETIMEDOUT' });
        upstreamReq.destroy(err);
      }, connectTimeoutMs);
      const clear = () => clearTimeout(timer);
      socket.once(upstream.secure ? 'secureConnect' : 'connect', clear);
      socket.once('close', clear);
    });
  };

  return {
    handle(req, res) {
      const path = (req.url ?? '/').split('?')[0]!;
      const streaming = isStreamingPath(path);
      const target = agentUrl(upstream, req.url ?? '/');
      if (typeof target !== 'string') {
        res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(target.error);
        return;
      }
      const upstreamReq = send(target, {
        method: req.method,
        headers: upstreamRequestHeaders(req, upstream, { addToken, streaming, upgrade: false }),
        agent: upstream.agent,
      });
      guardConnect(upstreamReq);

      let done = false;
      let clientGone = false;
      // A browser that goes away (closed tab, aborted fetch) ends the agent request too.
      res.on('close', () => {
        if (done) return;
        clientGone = true;
        upstreamReq.destroy();
      });

      upstreamReq.on('response', (upstreamRes) => {
        lastReported = '';
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, downstreamResponseHeaders(upstreamRes));
        res.flushHeaders();
        upstreamRes.on('data', (chunk: Buffer) => {
          // Written straight through: Node sends each write as its own chunk, so nothing
          // waits for more data. Backpressure pauses the agent rather than buffering here.
          if (!res.write(chunk)) {
            upstreamRes.pause();
            res.once('drain', () => upstreamRes.resume());
          }
        });
        upstreamRes.on('end', () => {
          done = true;
          res.end();
        });
        // The agent dropped the stream mid-way: drop ours too, so the browser sees the cut.
        upstreamRes.on('error', () => res.destroy());
        upstreamRes.on('aborted', () => res.destroy());
      });
      upstreamReq.on('error', (err) => {
        done = true;
        if (clientGone || res.destroyed) return;
        const message = unreachableMessage(upstream, err);
        report(message);
        plain502(res, message);
      });
      req.pipe(upstreamReq);
    },

    handleUpgrade(req, socket, head) {
      // Nomad (gorilla/websocket) refuses an Origin whose host is not the request's Host.
      // The browser's Origin is ours: a same-origin one is rewritten to the agent's; a
      // foreign one is refused here, so no other site can open exec sessions through us.
      const origin = req.headers.origin;
      const headers = upstreamRequestHeaders(req, upstream, { addToken: false, streaming: false, upgrade: true });
      if (origin !== undefined) {
        let originHost: string | undefined;
        try {
          originHost = new URL(origin).host;
        } catch {
          originHost = undefined;
        }
        if (originHost === undefined || originHost !== req.headers.host) {
          rawResponse(socket, 403, 'Forbidden', 'cross-origin WebSocket refused by nomad-live');
          return;
        }
        headers.origin = upstream.url.origin;
      }
      const target = agentUrl(upstream, req.url ?? '/');
      if (typeof target !== 'string') {
        rawResponse(socket, 400, 'Bad Request', target.error);
        return;
      }
      const upstreamReq = send(target, {
        method: req.method,
        headers,
        agent: false,
      });
      guardConnect(upstreamReq);
      socket.on('error', () => upstreamReq.destroy());
      socket.on('close', () => upstreamReq.destroy());

      upstreamReq.on('upgrade', (upstreamRes, upstreamSocket, upstreamHead) => {
        lastReported = '';
        const lines = [`HTTP/1.1 101 ${upstreamRes.statusMessage || 'Switching Protocols'}`];
        for (let i = 0; i < upstreamRes.rawHeaders.length; i += 2) {
          lines.push(`${upstreamRes.rawHeaders[i]}: ${upstreamRes.rawHeaders[i + 1]}`);
        }
        socket.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (upstreamHead.length) socket.write(upstreamHead);
        if (head.length) upstreamSocket.write(head);
        upstreamSocket.setNoDelay(true);
        // Splice both ways; an end on one side is an end (FIN) on the other, an error a reset.
        upstreamSocket.pipe(socket);
        socket.pipe(upstreamSocket);
        upstreamSocket.on('error', () => socket.destroy());
        socket.on('error', () => upstreamSocket.destroy());
        upstreamSocket.on('close', () => socket.destroy());
        socket.on('close', () => upstreamSocket.destroy());
      });
      // The agent answered without upgrading (403 Origin, legacy 500s): pass that answer on.
      upstreamReq.on('response', (upstreamRes) => {
        const chunks: Buffer[] = [];
        upstreamRes.on('data', (c: Buffer) => chunks.push(c));
        upstreamRes.on('end', () => {
          const body = Buffer.concat(chunks);
          const out = downstreamResponseHeaders(upstreamRes);
          delete out['content-length'];
          const lines = [`HTTP/1.1 ${upstreamRes.statusCode ?? 502} ${upstreamRes.statusMessage ?? ''}`];
          for (const [k, v] of Object.entries(out)) {
            for (const one of Array.isArray(v) ? v : [v]) lines.push(`${k}: ${String(one)}`);
          }
          lines.push(`content-length: ${body.length}`, 'connection: close');
          if (!socket.destroyed) socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]));
        });
      });
      upstreamReq.on('error', (err) => {
        if (socket.destroyed) return; // the browser left first
        const message = unreachableMessage(upstream, err);
        report(message);
        rawResponse(socket, 502, 'Bad Gateway', message);
      });
      upstreamReq.end();
    },

    close: () => upstream.close(),
  };
}
