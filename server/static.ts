/**
 * Serves the built SPA from dist/: hashed assets with long caching, everything else
 * revalidated, and client routes answered with index.html.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** Headers for the app itself; cluster data is only ever rendered as text by the SPA. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export function createStaticHandler(root: string) {
  const base = normalize(root + sep);

  async function fileAt(urlPath: string): Promise<string | undefined> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    const full = normalize(join(base, decoded));
    if (!full.startsWith(base)) return undefined; // path escape: treat as not found
    try {
      const s = await stat(full);
      return s.isFile() ? full : undefined;
    } catch {
      return undefined;
    }
  }

  function send(req: IncomingMessage, res: ServerResponse, file: string, size: number, immutable: boolean) {
    res.statusCode = 200;
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', size);
    res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  return async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res
        .writeHead(405, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' })
        .end('Method not allowed');
      return;
    }
    const urlPath = (req.url ?? '/').split('?')[0]!;
    const file = urlPath === '/' ? undefined : await fileAt(urlPath);
    if (file) {
      const { size } = await stat(file);
      return send(req, res, file, size, urlPath.startsWith('/assets/'));
    }
    // A missing asset is a real 404; any other path is a client route for the SPA, dots
    // included (`/allocations/:id/files/alloc/logs/web.stdout.0` is a page, not a file).
    if (urlPath.startsWith('/assets/') || (urlPath.split('/').length === 2 && extname(urlPath) !== '')) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const index = join(base, 'index.html');
    const { size } = await stat(index);
    send(req, res, index, size, false);
  };
}
