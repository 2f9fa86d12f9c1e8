/**
 * The one request handler behind every way the server runs: `npm start` (with the SPA),
 * `npm run mock` (API only) and the Vite dev/preview plugin. It owns /v1/* and, in mock
 * mode, /__mock/*; everything else is passed on. With NOMAD_ADDR set (proxy mode) /v1/* goes
 * to that agent and /__mock/* does not exist.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createMockCluster, type MockCluster, type MockClusterOptions } from './mock/cluster.ts';
import { createNomadProxy } from './proxy/proxy.ts';
import { createUpstream, type Upstream, type UpstreamOptions } from './proxy/upstream.ts';
import { mountSinksOnMock, mountSinksOnProxy, type SinksMountOptions } from './sinks/mount.ts';

interface ApiHandlerBase {
  /** Handles /v1/* and /__mock/*; calls `next` for anything else. */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): void;
  /**
   * Claims WebSocket upgrades for our own /v1/ paths only and returns whether it did, so
   * other upgrade listeners (Vite's HMR socket) keep theirs.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): Promise<void>;
}

export interface MockApiHandler extends ApiHandlerBase {
  readonly mode: 'mock';
  readonly cluster: MockCluster;
  readonly upstream?: undefined;
}

export interface ProxyApiHandler extends ApiHandlerBase {
  readonly mode: 'proxy';
  readonly cluster?: undefined;
  /** The real agent: base URL, NOMAD_TOKEN, TLS, and `requestUpstream()` for server-side workers. */
  readonly upstream: Upstream;
}

export type ApiHandler = MockApiHandler | ProxyApiHandler;

export interface ProxyHandlerOptions extends Omit<UpstreamOptions, 'address'> {
  /** The explicit opt-in: add NOMAD_TOKEN to browser requests that carry no token. */
  addTokenToBrowserRequests?: boolean;
  log?: (line: string) => void;
}

export function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q === -1 ? raw : raw.slice(0, q);
}

export function isApiPath(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/') || path === '/__mock' || path.startsWith('/__mock/');
}

export interface ApiHandlerOptions {
  nomadAddr?: string | undefined;
  mock?: MockClusterOptions;
  /** Proxy mode settings (used when `nomadAddr` is set). */
  proxy?: ProxyHandlerOptions;
  /** Event sinks (server/sinks), served in both modes in front of the mock or the proxy. */
  sinks?: SinksMountOptions;
}

function createProxyHandler(
  address: string,
  options: ProxyHandlerOptions,
  sinksOptions: SinksMountOptions = {},
): ProxyApiHandler {
  const upstream = createUpstream({ ...options, address });
  const sinks = mountSinksOnProxy(upstream, sinksOptions);
  const proxy = createNomadProxy(upstream, {
    addTokenToBrowserRequests: options.addTokenToBrowserRequests === true,
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    mode: 'proxy',
    upstream,
    handle(req, res, next) {
      const path = pathOf(req.url);
      if (!isApiPath(path)) return next();
      if (sinks.claims(path)) return sinks.handle(req, res);
      // The mock's control routes do not exist in front of a real cluster.
      if (!path.startsWith('/v1')) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found');
        return;
      }
      proxy.handle(req, res);
    },
    handleUpgrade(req, socket, head) {
      if (!pathOf(req.url).startsWith('/v1/')) return false;
      proxy.handleUpgrade(req, socket, head);
      return true;
    },
    close: async () => {
      await sinks.close();
      proxy.close();
    },
  };
}

export function createApiHandler(options: ApiHandlerOptions = {}): ApiHandler {
  if (options.nomadAddr) return createProxyHandler(options.nomadAddr, options.proxy ?? {}, options.sinks);
  const cluster = createMockCluster(options.mock);
  const sinks = mountSinksOnMock(cluster, options.sinks);
  return {
    mode: 'mock',
    cluster,
    handle(req, res, next) {
      const path = pathOf(req.url);
      if (!isApiPath(path)) return next();
      if (sinks.claims(path)) return sinks.handle(req, res);
      cluster.handle(req, res);
    },
    handleUpgrade(req, socket, head) {
      if (!pathOf(req.url).startsWith('/v1/')) return false;
      if (cluster.upgrade(req, socket, head)) return true;
      // No other WebSocket endpoint: answer as an unknown route.
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return true;
    },
    close: async () => {
      await sinks.close();
      await cluster.close();
    },
  };
}
