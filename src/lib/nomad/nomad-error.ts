import { describeMissing, type RequiredCapability } from './capabilities.ts';

export type NomadErrorKind =
  | 'permission-denied' // 403
  | 'not-found' // 404
  | 'no-leader' // 500 `No cluster leader`
  | 'bad-request' // other 4xx
  | 'server' // other 5xx
  | 'bad-response'; // 2xx whose body is not the JSON it should be

/** Longest server text kept in a message: a misconfigured proxy may answer with a whole HTML page. */
const MAX_TEXT_IN_MESSAGE = 300;

export interface NomadErrorInit {
  status: number;
  /** Method and path, e.g. `GET /v1/jobs`; never the query string, never headers. */
  endpoint: string;
  /** Nomad's text/plain error body, verbatim (already scrubbed of the token). */
  serverText: string;
  /** For 403s: what the request needed, when the capability table knows. */
  capability?: RequiredCapability | undefined;
  kind?: NomadErrorKind;
}

function kindOf(status: number, serverText: string): NomadErrorKind {
  if (status === 403) return 'permission-denied';
  if (status === 404) return 'not-found';
  if (status === 500 && serverText.trim().endsWith('No cluster leader')) return 'no-leader';
  if (status >= 400 && status < 500) return 'bad-request';
  if (status >= 500) return 'server';
  return 'bad-response';
}

function clip(text: string): string {
  const oneLine = text.trim().replace(/\s+/g, ' ');
  return oneLine.length > MAX_TEXT_IN_MESSAGE ? `${oneLine.slice(0, MAX_TEXT_IN_MESSAGE)}…` : oneLine;
}

function messageFor(kind: NomadErrorKind, init: NomadErrorInit): string {
  const text = clip(init.serverText);
  const at = `(${init.endpoint})`;
  switch (kind) {
    case 'permission-denied': {
      const head = text || 'Permission denied';
      return init.capability ? `${head}: ${describeMissing(init.capability)} ${at}` : `${head} ${at}`;
    }
    case 'no-leader':
      return `No cluster leader: the Nomad servers have not elected a leader, so nothing can be read until they do ${at}`;
    case 'not-found':
      // Nomad answers unknown routes with an empty 404, known routes with a message.
      return text ? `Not found: ${text} ${at}` : `Not found: this Nomad agent has no such endpoint ${at}`;
    case 'bad-response':
      return `Unexpected response from Nomad: ${text || `HTTP ${init.status}`} ${at}`;
    default:
      return `${text || `HTTP ${init.status}`} ${at}`;
  }
}

/**
 * A non-2xx answer from Nomad. The message is a sentence a person can act on; the fields
 * let code branch on it (`status`, `kind`, the missing `capability`).
 */
export class NomadError extends Error {
  override name = 'NomadError';
  readonly status: number;
  readonly kind: NomadErrorKind;
  readonly endpoint: string;
  readonly serverText: string;
  readonly capability: RequiredCapability | undefined;

  constructor(init: NomadErrorInit) {
    const kind = init.kind ?? kindOf(init.status, init.serverText);
    super(messageFor(kind, init));
    this.status = init.status;
    this.kind = kind;
    this.endpoint = init.endpoint;
    this.serverText = init.serverText;
    this.capability = kind === 'permission-denied' ? init.capability : undefined;
  }
}

export function isNomadError(error: unknown): error is NomadError {
  return error instanceof NomadError;
}

/** An aborted request: cancellation, not a failure, so it is never shown or retried. */
export function isAbortError(error: unknown): boolean {
  return (error instanceof DOMException || error instanceof Error) && error.name === 'AbortError';
}

/** What fetch says, per browser, when a request gets no answer (not a bug's TypeError). */
const NO_ANSWER = /failed to fetch|networkerror|load failed|network error|network connection was lost/i;

/**
 * One line for a failed request, for badges and alerts. Nomad's answers keep their own
 * sentence; a request that got no answer at all (fetch's bare `TypeError: Failed to fetch`)
 * says so in words, keeping the browser's text.
 */
export function describeFailure(error: unknown): string {
  if (isNomadError(error)) return error.message;
  if (error instanceof TypeError && NO_ANSWER.test(error.message))
    return `Nomad unreachable: the request got no answer (${error.message})`;
  return error instanceof Error ? error.message : String(error);
}
