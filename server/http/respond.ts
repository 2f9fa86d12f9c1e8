/**
 * Writing responses the way Nomad's `wrap` does: JSON bodies with
 * `Content-Type: application/json`, errors as bare `text/plain; charset=utf-8` text, and
 * unknown routes as a 404 with an empty body.
 */
import type { ServerResponse } from 'node:http';
import { encodeNomadJson } from './json.ts';

export function writeJson(res: ServerResponse, value: unknown, pretty: boolean, status = 200): void {
  const body = Buffer.from(encodeNomadJson(value, pretty), 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}

/** A handler error: the message alone, no JSON and no trailing newline. */
export function writeError(res: ServerResponse, status: number, message: string): void {
  const body = Buffer.from(message, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}

/** No route matched: Go's mux fallthrough writes a bare 404 without a body. */
export function writeNotFoundEmpty(res: ServerResponse): void {
  res.statusCode = 404;
  res.setHeader('Content-Length', 0);
  res.end();
}
