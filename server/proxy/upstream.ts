/**
 * The Nomad agent that proxy mode talks to, configured the way the Nomad CLI is:
 * NOMAD_ADDR, NOMAD_TOKEN, NOMAD_CACERT, NOMAD_CLIENT_CERT, NOMAD_CLIENT_KEY, NOMAD_SKIP_VERIFY.
 *
 * Also what a server-side worker (the sink delivery worker) needs to reach the same agent
 * with the server's own token: `requestUpstream()`.
 */
import { readFileSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface UpstreamOptions {
  /** NOMAD_ADDR, e.g. `https://nomad.example:4646` (a path prefix is kept). */
  address: string;
  /** NOMAD_TOKEN: for server-side workers only, never logged. */
  token?: string | undefined;
  /** NOMAD_CACERT: PEM file of the CA that signed the agent's certificate. */
  caCertFile?: string | undefined;
  /** NOMAD_CLIENT_CERT / NOMAD_CLIENT_KEY: PEM files for mutual TLS. */
  clientCertFile?: string | undefined;
  clientKeyFile?: string | undefined;
  /** NOMAD_SKIP_VERIFY: do not verify the agent's certificate. */
  skipVerify?: boolean | undefined;
}

export class UpstreamConfigError extends Error {
  override name = 'UpstreamConfigError';
}

/** TLS options as node:https/node:tls take them (already read from the PEM files). */
export interface UpstreamTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

export interface Upstream {
  /** The agent's base URL, e.g. `https://nomad.example:4646` (no trailing slash). */
  readonly baseUrl: string;
  readonly url: URL;
  readonly secure: boolean;
  /** The server's NOMAD_TOKEN, if any; for server-side workers. */
  readonly token: string | undefined;
  readonly tls: UpstreamTls | undefined;
  /** Keep-alive agent for ordinary requests (https.Agent when the address is https). */
  readonly agent: HttpAgent;
  /**
   * A request to the agent with the server's token (unless `headers` sets one). `path`
   * includes the query string, e.g. `/v1/event/stream?topic=Job`. Resolves with the
   * response as soon as its headers arrive; the body is the stream itself.
   */
  requestUpstream(path: string, init?: UpstreamRequestInit): Promise<IncomingMessage>;
  close(): void;
}

export interface UpstreamRequestInit {
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  signal?: AbortSignal;
}

function readPem(variable: string, file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    throw new UpstreamConfigError(`${variable}: cannot read ${file} (${reason})`);
  }
}

export function parseNomadAddr(address: string): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new UpstreamConfigError(`NOMAD_ADDR must be an http:// or https:// URL such as https://nomad.example:4646`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UpstreamConfigError(`NOMAD_ADDR must use http:// or https://, not ${url.protocol}//`);
  }
  if (url.username || url.password) {
    throw new UpstreamConfigError('NOMAD_ADDR must not contain credentials; use NOMAD_TOKEN');
  }
  url.search = '';
  url.hash = '';
  return url;
}

export function createUpstream(options: UpstreamOptions): Upstream {
  const url = parseNomadAddr(options.address);
  const secure = url.protocol === 'https:';
  const ca = readPem('NOMAD_CACERT', options.caCertFile);
  const cert = readPem('NOMAD_CLIENT_CERT', options.clientCertFile);
  const key = readPem('NOMAD_CLIENT_KEY', options.clientKeyFile);
  if (!!cert !== !!key) throw new UpstreamConfigError('NOMAD_CLIENT_CERT and NOMAD_CLIENT_KEY must be set together');
  const tls: UpstreamTls | undefined = secure
    ? {
        ...(ca ? { ca } : {}),
        ...(cert ? { cert } : {}),
        ...(key ? { key } : {}),
        rejectUnauthorized: !options.skipVerify,
      }
    : undefined;
  const agent = tls ? new HttpsAgent({ keepAlive: true, ...tls }) : new HttpAgent({ keepAlive: true });
  const baseUrl = url.href.replace(/\/+$/, '');
  const token = options.token || undefined;

  return {
    baseUrl,
    url,
    secure,
    token,
    tls,
    agent,
    requestUpstream(path, init = {}) {
      const target = new URL(joinPath(url, path));
      const headers: OutgoingHttpHeaders = { ...init.headers };
      const hasToken = Object.keys(headers).some((h) => h.toLowerCase() === 'x-nomad-token');
      if (token && !hasToken) headers['X-Nomad-Token'] = token;
      if (init.body !== undefined) headers['Content-Length'] = Buffer.byteLength(init.body);
      const send = secure ? httpsRequest : httpRequest;
      return new Promise((resolve, reject) => {
        const req = send(target, {
          method: init.method ?? 'GET',
          headers,
          agent,
          ...(init.signal ? { signal: init.signal } : {}),
        });
        req.on('response', resolve);
        req.on('error', reject);
        req.end(init.body);
      });
    },
    close: () => agent.destroy(),
  };
}

/** The agent URL for a request path: keeps a NOMAD_ADDR path prefix (e.g. behind a router). */
export function joinPath(base: URL, pathAndQuery: string): string {
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.origin}${prefix}${pathAndQuery.startsWith('/') ? '' : '/'}${pathAndQuery}`;
}

/** "cannot reach Nomad at https://…: ECONNREFUSED": what the browser and the log are told. */
export function unreachableMessage(upstream: Pick<Upstream, 'baseUrl'>, err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const reason = code ? (message.includes(code) ? code : `${code}: ${message}`) : message;
  return `cannot reach Nomad at ${upstream.baseUrl}: ${reason}`;
}
