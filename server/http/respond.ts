/**
 * Writing responses the way Nomad's `wrap` does: JSON bodies with
 * `Content-Type: application/json`, errors as bare `text/plain; charset=utf-8` text, and
 * unknown routes as a 404 with an empty body. Like Nomad's gorilla CompressHandler, a
 * body is gzip-compressed when the request accepts gzip.
 */
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { encodeNomadJson } from './json.ts';

function acceptsGzip(res: ServerResponse): boolean {
  const header = res.req?.headers['accept-encoding'];
  return typeof header === 'string' && /(^|[\s,])gzip($|[\s,;])/i.test(header);
}

function send(res: ServerResponse, status: number, contentType: string, text: string): void {
  let body = Buffer.from(text, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Vary', 'Accept-Encoding');
  if (acceptsGzip(res)) {
    body = gzipSync(body);
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.setHeader('Content-Length', body.length);
  res.end(body);
}

export function writeJson(res: ServerResponse, value: unknown, pretty: boolean, status = 200): void {
  send(res, status, 'application/json', encodeNomadJson(value, pretty));
}

/** A handler error: the message alone, no JSON and no trailing newline. */
export function writeError(res: ServerResponse, status: number, message: string): void {
  send(res, status, 'text/plain; charset=utf-8', message);
}

/** No route matched: Go's mux fallthrough writes a bare 404 without a body. */
export function writeNotFoundEmpty(res: ServerResponse): void {
  res.statusCode = 404;
  res.setHeader('Content-Length', 0);
  res.end();
}
