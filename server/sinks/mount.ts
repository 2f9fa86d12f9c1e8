/**
 * How server/app.ts mounts the sinks API in front of the mock or the proxy. In mock mode
 * the workers read the embedded cluster's event stream over a loopback listener (started
 * on first use), with the mock's management token when ACLs are on; in proxy mode they
 * read the real agent with NOMAD_TOKEN and its TLS settings.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import type { MockCluster } from '../mock/cluster.ts';
import type { Upstream as ProxyUpstream } from '../proxy/upstream.ts';
import { SinkService, type SinkServiceOptions } from './service.ts';
import { defaultDataDir } from './store.ts';
import type { Upstream } from './upstream.ts';

export interface SinksMountOptions extends Partial<Omit<SinkServiceOptions, 'upstream'>> {
  /** Default: NOMAD_LIVE_DATA_DIR, else $XDG_STATE_HOME/nomad-live, else ~/.local/state/nomad-live. */
  dataDir?: string;
}

export interface SinksMount {
  readonly service: SinkService;
  /** Whether a request path belongs to the sinks API. */
  claims(path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

function mount(upstream: () => Promise<Upstream>, opts: SinksMountOptions, onClose: () => Promise<void>): SinksMount {
  const service = new SinkService({
    ...opts,
    dataDir: opts.dataDir ?? defaultDataDir(process.env, homedir()),
    upstream,
  });
  return {
    service,
    claims: (path) => SinkService.handles(path),
    handle: (req, res) => service.handle(req, res),
    async close() {
      await service.close();
      await onClose();
    },
  };
}

export function mountSinksOnMock(cluster: MockCluster, opts: SinksMountOptions = {}): SinksMount {
  let listening: Promise<{ server: Server; baseUrl: string }> | undefined;
  const epoch = `mock-${randomUUID()}`;
  const upstream = async (): Promise<Upstream> => {
    listening ??= new Promise((resolve, reject) => {
      const server = createServer((req, res) => cluster.handle(req, res));
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        resolve({ server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      });
    });
    const { baseUrl } = await listening;
    return { baseUrl, token: cluster.managementToken, epoch };
  };
  return mount(upstream, opts, async () => {
    if (!listening) return;
    const { server } = await listening;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
}

export function mountSinksOnProxy(up: ProxyUpstream, opts: SinksMountOptions = {}): SinksMount {
  const upstream: Upstream = {
    baseUrl: up.baseUrl,
    token: up.token,
    tls: up.tls
      ? { ca: up.tls.ca, cert: up.tls.cert, key: up.tls.key, insecureSkipVerify: !up.tls.rejectUnauthorized }
      : undefined,
  };
  return mount(
    () => Promise.resolve(upstream),
    opts,
    () => Promise.resolve(),
  );
}
