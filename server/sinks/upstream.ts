/**
 * Where the sink workers read events and the API checks tokens: a Nomad HTTP API (the
 * embedded mock over loopback in mock mode, the real agent in proxy mode). Plain
 * node:http/https so TLS options (CA, client certificate, skip-verify) can be passed.
 */
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface UpstreamTls {
  ca?: string | Buffer | undefined;
  cert?: string | Buffer | undefined;
  key?: string | Buffer | undefined;
  /** NOMAD_SKIP_VERIFY. */
  insecureSkipVerify?: boolean | undefined;
}

export interface Upstream {
  /** e.g. `http://127.0.0.1:4646` (no trailing slash needed). */
  baseUrl: string;
  /** Token for the sink workers' event streams (NOMAD_TOKEN, or the mock's management token). Never logged. */
  token?: string | undefined;
  tls?: UpstreamTls | undefined;
  /**
   * Names the event history behind `baseUrl`. Progress recorded under another epoch refers
   * to events that no longer exist: the embedded mock starts a new history (raft indexes
   * from 1) on every start, so its epoch changes per process. Undefined for a real agent,
   * whose indexes only grow.
   */
  epoch?: string | undefined;
}

export interface SimpleResponse {
  status: number;
  body: string;
}

function requestFn(url: URL): typeof httpRequest {
  return url.protocol === 'https:' ? httpsRequest : httpRequest;
}

function tlsOptions(url: URL, tls: UpstreamTls | undefined): RequestOptions {
  if (url.protocol !== 'https:' || !tls) return {};
  return {
    ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
    ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
    ...(tls.key !== undefined ? { key: tls.key } : {}),
    ...(tls.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
  } as RequestOptions;
}

export function upstreamUrl(up: Upstream, pathAndQuery: string): URL {
  return new URL(pathAndQuery, up.baseUrl.endsWith('/') ? up.baseUrl : `${up.baseUrl}/`);
}

/** Opens a GET whose response is consumed as a stream; abort with `signal`. */
export function openStream(
  up: Upstream,
  pathAndQuery: string,
  token: string | undefined,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const url = upstreamUrl(up, pathAndQuery.replace(/^\//, ''));
  return new Promise((resolve, reject) => {
    const req = requestFn(url)(url, {
      method: 'GET',
      headers: { ...(token ? { 'X-Nomad-Token': token } : {}), 'Accept-Encoding': 'identity' },
      signal,
      ...tlsOptions(url, up.tls),
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

/** A small GET with a buffered text answer (token checks). */
export async function getText(
  up: Upstream,
  pathAndQuery: string,
  token: string,
  timeoutMs = 10_000,
): Promise<SimpleResponse> {
  const res = await openStream(up, pathAndQuery, token || undefined, AbortSignal.timeout(timeoutMs));
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') };
}

export interface PostResult {
  /** 0 when no HTTP response arrived. */
  status: number;
  error: string;
  latencyMs: number;
}

/** POSTs a body to a webhook; never throws. Redirects are not followed (a 3xx is not a delivery). */
export function postWebhook(
  address: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  timeoutMs = 10_000,
): Promise<PostResult> {
  const started = performance.now();
  const done = (status: number, error: string): PostResult => ({
    status,
    error,
    latencyMs: Math.round(performance.now() - started),
  });
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      resolve(done(0, 'invalid address'));
      return;
    }
    const req = requestFn(url)(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    req.once('response', (res) => {
      // Drain so the socket is released; the body is not used.
      res.resume();
      res.once('end', () => resolve(done(res.statusCode ?? 0, '')));
      res.once('error', () => resolve(done(res.statusCode ?? 0, '')));
    });
    req.once('error', (err: Error) => {
      const timedOut = err.name === 'TimeoutError' || (err.name === 'AbortError' && !signal.aborted);
      resolve(done(0, timedOut ? `no response within ${timeoutMs / 1000}s` : describeError(err)));
    });
    req.end(body);
  });
}

export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}
