/**
 * Errors as Nomad's HTTP layer reports them (nomad-api.md §0.2): a status code and a bare
 * text message. Handlers throw `HttpError`; the dispatcher writes it.
 */

export const PERMISSION_DENIED = 'Permission denied';
export const INVALID_METHOD = 'Invalid method';
export const NO_CLUSTER_LEADER = 'No cluster leader';

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

export function permissionDenied(): HttpError {
  return new HttpError(403, PERMISSION_DENIED);
}

export function notFound(message: string): HttpError {
  return new HttpError(404, message);
}

export function invalidMethod(): HttpError {
  return new HttpError(405, INVALID_METHOD);
}

/** Nomad answers 500 with this exact text when there is no leader; the UI special-cases it. */
export function noClusterLeader(): HttpError {
  return new HttpError(500, NO_CLUSTER_LEADER);
}

/**
 * Maps any thrown value to a status and message the way `wrap` in command/agent/http.go
 * does: coded errors keep their code; otherwise a message ending in `Permission denied`
 * or `ACL token not found` is a 403 with just that text; everything else is a 500.
 */
export function toStatusAndMessage(err: unknown): { status: number; message: string } {
  if (err instanceof HttpError) return { status: err.status, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  for (const suffix of [PERMISSION_DENIED, 'ACL token not found']) {
    if (message.endsWith(suffix)) return { status: 403, message: suffix };
  }
  return { status: 500, message };
}
