/**
 * The Nomad HTTP client: one typed `fetch` wrapper and the only place that attaches the
 * ACL token. Same-origin `/v1/...` only; our server proxies or mocks Nomad behind it.
 */
import { requiredCapability } from './capabilities.ts';
import { NomadError } from './nomad-error.ts';
import { tokenStore } from './token-store.ts';

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Readonly<Record<string, QueryValue | readonly string[]>>;

export interface ApiRequest {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  query?: QueryParams;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** Added as `?namespace=`; `*` means every namespace the token may see. */
  namespace?: string | undefined;
  /** Added as `?region=`; omit to let the agent use its own region. */
  region?: string | undefined;
  /** Makes this a blocking query: wait until the data changes past `index`, up to `wait`. */
  blocking?: { index: number; wait?: string } | undefined;
}

export interface ApiResponse<T> {
  /** Parsed JSON; `undefined` when Nomad answered with an empty body. */
  data: T;
  /** `X-Nomad-Index`, with 0 read as 1 (as Nomad's UI does); undefined when absent. */
  index: number | undefined;
  /** `X-Nomad-KnownLeader`, when sent. */
  knownLeader: boolean | undefined;
}

/** Builds a `/v1` path with every interpolated value URL-encoded: `apiPath\`/v1/job/${id}\``. */
export function apiPath(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '');
}

function buildSearch(path: string, req: ApiRequest): { pathname: string; search: URLSearchParams } {
  const q = path.indexOf('?');
  const pathname = q === -1 ? path : path.slice(0, q);
  const search = new URLSearchParams(q === -1 ? '' : path.slice(q + 1));
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) search.append(key, v);
    else search.set(key, String(value));
  }
  if (req.namespace) search.set('namespace', req.namespace);
  if (req.region) search.set('region', req.region);
  if (req.blocking && req.blocking.index > 0) {
    search.set('index', String(req.blocking.index));
    search.set('wait', req.blocking.wait ?? '5m');
  }
  return { pathname, search };
}

function readIndex(headers: Headers): number | undefined {
  const raw = headers.get('X-Nomad-Index');
  if (raw === null) return undefined;
  const n = Number.parseInt(raw, 10);
  if (!Number.isFinite(n) || n < 0) return undefined;
  // An index of 0 would make the next request non-blocking and spin; Nomad's UI uses 1.
  return Math.max(n, 1);
}

function scrub(text: string, token: string | null): string {
  return token ? text.split(token).join('[redacted]') : text;
}

interface PreparedRequest {
  url: string;
  init: RequestInit;
  /** `GET /v1/jobs`: method and path, never the query string. */
  endpoint: string;
  method: string;
  pathname: string;
  search: URLSearchParams;
  token: string | null;
}

/** Everything apiFetch and apiStream share: path check, query string, token header. */
function prepare(path: string, req: ApiRequest, caller: string): PreparedRequest {
  if (!path.startsWith('/v1/')) throw new TypeError(`${caller} only calls /v1/ paths, got "${path.split('?')[0]}"`);
  const method = req.method ?? 'GET';
  const { pathname, search } = buildSearch(path, req);
  const qs = search.toString();

  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = tokenStore.get();
  if (token) headers['X-Nomad-Token'] = token;
  let body: string | undefined;
  if (req.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(req.body);
  }
  return {
    url: qs ? `${pathname}?${qs}` : pathname,
    init: { method, headers, body, signal: req.signal, credentials: 'same-origin', cache: 'no-store' },
    endpoint: `${method} ${pathname}`,
    method,
    pathname,
    search,
    token,
  };
}

function errorFor(p: PreparedRequest, status: number, text: string): NomadError {
  return new NomadError({
    status,
    endpoint: p.endpoint,
    serverText: scrub(text, p.token),
    capability: status === 403 ? requiredCapability(p.method, p.pathname, p.search) : undefined,
  });
}

/**
 * Opens a streaming response (`/v1/event/stream`, file streams) with the same token,
 * parameters and error handling as apiFetch. A non-2xx answer is read whole and thrown
 * as `NomadError`; a 2xx answer is returned unread, for the caller to consume `body`.
 * Aborting `req.signal` cancels the request and the body.
 */
export async function apiStream(path: string, req: ApiRequest = {}): Promise<Response> {
  const p = prepare(path, req, 'apiStream');
  const res = await fetch(p.url, p.init);
  if (!res.ok) throw errorFor(p, res.status, await res.text());
  return res;
}

/**
 * Calls the Nomad API. Returns parsed JSON plus the blocking-query index, or throws:
 * `NomadError` for any non-2xx answer (and for a 2xx body that is not JSON); network
 * errors and aborts are rethrown untouched, so cancellation stays distinguishable.
 */
export async function apiFetch<T>(path: string, req: ApiRequest = {}): Promise<ApiResponse<T>> {
  const p = prepare(path, req, 'apiFetch');
  const res = await fetch(p.url, p.init);
  const text = await res.text();
  if (!res.ok) throw errorFor(p, res.status, text);

  let data: unknown = undefined;
  if (text.trim() !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      throw new NomadError({
        status: res.status,
        endpoint: p.endpoint,
        serverText: scrub(text, p.token),
        kind: 'bad-response',
      });
    }
  }
  const knownLeader = res.headers.get('X-Nomad-KnownLeader');
  return {
    data: data as T,
    index: readIndex(res.headers),
    knownLeader: knownLeader === null ? undefined : knownLeader === 'true',
  };
}
