/**
 * Mounts the same API handler into `vite` (dev, with HMR) and `vite preview`.
 *
 * Added as a *pre* middleware (directly in the hook, not returned) so it runs before
 * Vite's own middlewares: streams must never be buffered or compressed (preview adds a
 * compression middleware after the pre hooks). WebSocket upgrades are claimed only for
 * our own /v1/ paths; Vite's HMR socket listens on the same server and keeps its own.
 */
import type { Plugin, PreviewServer, ViteDevServer } from 'vite';
import { createApiHandler, type ApiHandler } from './app.ts';
import { loadConfig } from './config.ts';
import { mockOptions } from './mock-options.ts';
import { proxyOptions } from './proxy/proxy-options.ts';

function mount(server: ViteDevServer | PreviewServer): void {
  const config = loadConfig([], process.env, { port: 0 });
  let api: ApiHandler;
  try {
    api = createApiHandler({
      nomadAddr: config.nomadAddr,
      mock: mockOptions(config, (line) => server.config.logger.info(line)),
      proxy: proxyOptions(config, (line) => server.config.logger.warn(line)),
    });
  } catch (err) {
    server.config.logger.error(err instanceof Error ? err.message : String(err));
    throw err;
  }
  server.middlewares.use((req, res, next) => api.handle(req, res, next));
  const http = server.httpServer;
  http?.on('upgrade', (req, socket, head) => {
    api.handleUpgrade(req, socket, head);
  });
  http?.on('close', () => void api.close());
  if (api.cluster?.managementToken) {
    server.config.logger.info(`nomad-live: ACLs enabled; management token: ${api.cluster.managementToken}`);
  }
}

export function nomadLive(): Plugin {
  return {
    name: 'nomad-live-api',
    configureServer: mount,
    configurePreviewServer: mount,
  };
}
