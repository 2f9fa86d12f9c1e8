/**
 * The one request handler behind every way the server runs: `npm start` (with the SPA),
 * `npm run mock` (API only) and the Vite dev/preview plugin. It owns /v1/* and, in mock
 * mode, /__mock/*; everything else is passed on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createMockCluster, type MockCluster, type MockClusterOptions } from './mock/cluster.ts';

export interface ApiHandler {
  readonly mode: 'mock';
  readonly cluster: MockCluster;
  /** Handles /v1/* and /__mock/*; calls `next` for anything else. */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): void;
  /**
   * Claims WebSocket upgrades for our own /v1/ paths only and returns whether it did, so
   * other upgrade listeners (Vite's HMR socket) keep theirs.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): Promise<void>;
}

export class ProxyNotBuiltError extends Error {
  override name = 'ProxyNotBuiltError';
  constructor() {
    super(
      'NOMAD_ADDR is set, but proxy mode is not built yet: nomad-live can only serve its embedded mock cluster for now. Unset NOMAD_ADDR to use the mock.',
    );
  }
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
}

export function createApiHandler(options: ApiHandlerOptions = {}): ApiHandler {
  // Refuse loudly rather than silently mocking a cluster the operator meant to reach.
  if (options.nomadAddr) throw new ProxyNotBuiltError();
  const cluster = createMockCluster(options.mock);
  return {
    mode: 'mock',
    cluster,
    handle(req, res, next) {
      if (!isApiPath(pathOf(req.url))) return next();
      cluster.handle(req, res);
    },
    handleUpgrade(req, socket, head) {
      if (!pathOf(req.url).startsWith('/v1/')) return false;
      if (cluster.upgrade(req, socket, head)) return true;
      // No other WebSocket endpoint: answer as an unknown route.
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return true;
    },
    close: () => cluster.close(),
  };
}
