/**
 * `npm start` (dashboard + API on :4700) and `npm run mock` (API only on :4646).
 */
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiHandler } from './app.ts';
import { bindWarning } from './bind-warning.ts';
import { ensureBuilt } from './build.ts';
import { ConfigError, loadConfig, USAGE } from './config.ts';
import { mockOptions } from './mock-options.ts';
import { proxyOptions } from './proxy/proxy-options.ts';
import { createStaticHandler, SECURITY_HEADERS } from './static.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string) => process.stdout.write(`${line}\n`);
const fail = (line: string): never => {
  process.stderr.write(`nomad-live: ${line}\n`);
  process.exit(1);
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) return void process.stdout.write(USAGE);
  const apiOnly = argv.includes('--api-only') || argv.includes('--api-only=true');
  let config;
  try {
    config = loadConfig(argv, process.env, { port: apiOnly ? 4646 : 4700, apiOnly });
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }

  const api = createApiHandler({
    nomadAddr: config.nomadAddr,
    mock: mockOptions(config, log),
    proxy: proxyOptions(config, log),
    sinks: { ...(config.dataDir !== undefined ? { dataDir: config.dataDir } : {}), log },
  });
  if (!config.apiOnly) await ensureBuilt(root, log);
  const serveStatic = config.apiOnly ? undefined : createStaticHandler(join(root, 'dist'));

  const server = createServer((req, res) => {
    api.handle(req, res, () => {
      if (!serveStatic) {
        res.writeHead(404).end();
        return;
      }
      serveStatic(req, res).catch((err: unknown) => {
        log(`static: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) res.writeHead(500, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Internal error');
      });
    });
  });
  // Node closes an idle keep-alive connection after 5 s by default; a client that sends its
  // next request at that moment gets a reset ("socket hang up"). Idle connections stay open
  // longer than a typical pause between requests, as load balancers do (headers must get
  // longer still, or Node may cut a request that arrives on such a connection).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('upgrade', (req, socket, head) => {
    if (!api.handleUpgrade(req, socket, head)) socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  if (api.mode === 'proxy') {
    log(
      `nomad-live ${config.apiOnly ? 'API proxy' : 'dashboard'} on ${url}  (proxy mode: /v1/* goes to the Nomad agent at ${api.upstream.baseUrl})`,
    );
  } else {
    log(
      config.apiOnly
        ? `nomad-live mock Nomad API (seed ${config.seed}) listening on ${url}  (try: curl ${url}/v1/agent/self)`
        : `nomad-live dashboard on ${url}  (embedded mock cluster, seed ${config.seed})`,
    );
  }
  const warning = bindWarning(config.host, api.mode);
  if (warning) process.stderr.write(warning);
  if (api.cluster?.managementToken) {
    // Like `nomad acl bootstrap`, the operator needs the secret once; it goes to the
    // terminal only, never into a URL or a log file written by us.
    log(`ACLs are enabled. Management token (paste it in Settings): ${api.cluster.managementToken}`);
    for (const t of api.cluster.tokens) {
      if (t.secretId !== api.cluster.managementToken) log(`  ${t.name}: ${t.secretId}  (${t.description})`);
    }
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: shutting down`);
    server.close();
    server.closeAllConnections();
    const timer = setTimeout(() => process.exit(0), 3000);
    timer.unref();
    void api.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
