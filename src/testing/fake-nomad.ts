/**
 * A stubbed global `fetch` that answers `/v1/...` like Nomad: JSON with `X-Nomad-Index`,
 * text/plain errors, and blocking requests (`?index=N`) held until the data changes.
 */
import { vi } from 'vitest';

type Handler = { status: number; body: unknown; index: number };

interface Held {
  path: string;
  index: number;
  resolve: (r: Response) => void;
}

export interface FakeNomad {
  /** Sets what a path answers; bumping the index releases held blocking requests. */
  set(path: string, body: unknown, opts?: { status?: number }): void;
  /** Every request made, in order. */
  requests: { url: URL; headers: Record<string, string> }[];
}

export function installFakeNomad(): FakeNomad {
  let raft = 10;
  const routes = new Map<string, Handler>();
  const held: Held[] = [];
  const requests: FakeNomad['requests'] = [];

  const respond = (h: Handler) =>
    h.status >= 400
      ? new Response(String(h.body), { status: h.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
      : new Response(JSON.stringify(h.body), {
          status: h.status,
          headers: { 'Content-Type': 'application/json', 'X-Nomad-Index': String(h.index) },
        });

  vi.stubGlobal(
    'fetch',
    vi.fn((input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://localhost');
      requests.push({ url, headers: { ...(init.headers as Record<string, string>) } });
      const h = routes.get(url.pathname);
      if (!h) return Promise.resolve(new Response('', { status: 404 }));
      const index = Number(url.searchParams.get('index') ?? 0);
      if (index > 0 && h.index <= index && h.status < 400) {
        return new Promise<Response>((resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
          held.push({ path: url.pathname, index, resolve });
        });
      }
      return Promise.resolve(respond(h));
    }),
  );

  return {
    requests,
    set(path, body, opts = {}) {
      raft += 1;
      const h = { status: opts.status ?? 200, body, index: raft };
      routes.set(path, h);
      for (const w of held.filter((x) => x.path === path)) {
        held.splice(held.indexOf(w), 1);
        w.resolve(respond(h));
      }
    },
  };
}
