/**
 * Sink definitions as the API accepts them (nomad-api.md §2.1), with the beta's messages
 * and a few rules of our own where the beta failed late or silently (unknown types, non-http
 * addresses, topic keys the stream cannot express). Errors are collected and reported in
 * go-multierror's format, as the beta did, but as a 400 instead of its 500.
 */

export type TopicMap = Record<string, string[]>;

/** What a client may send; everything but ID/Type/Address/Topics is optional. */
export interface SinkInput {
  ID: string;
  Type: string;
  Address: string;
  Topics: TopicMap;
  /** Absent → keep the current progress (0 for a new sink). */
  LatestIndex: number | undefined;
  /** Absent → keep; `null` or `{}` → none. */
  Headers: Record<string, string> | null | undefined;
  /** Absent → keep; `""` → remove. Write-only. */
  Secret: string | undefined;
}

/** Current event topics (nomad-api.md §1.5) plus the `*` wildcard. */
export const KNOWN_TOPICS: readonly string[] = [
  '*',
  'ACLAuthMethod',
  'ACLBindingRule',
  'ACLPolicy',
  'ACLRole',
  'ACLToken',
  'Allocation',
  'CSIPlugin',
  'CSIVolume',
  'Deployment',
  'Evaluation',
  'HostVolume',
  'Job',
  'Node',
  'NodePool',
  'Operator',
  'Service',
  'Variable',
];

export const MAX_ID_LENGTH = 128;
export const MAX_SECRET_LENGTH = 256;

/** Headers a sink may not override: they are ours or the transport's. */
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'host',
  'connection',
  'transfer-encoding',
  'x-nomad-live-sink',
  'x-nomad-live-signature',
]);

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** go-multierror's text: `1 error occurred:\n\t* a\n\n`, `2 errors occurred:\n\t* a\n\t* b\n\n`. */
export function multierror(errors: readonly string[]): string {
  const head = errors.length === 1 ? '1 error occurred:' : `${errors.length} errors occurred:`;
  return `${head}\n${errors.map((e) => `\t* ${e}`).join('\n')}\n\n`;
}

export class SinkValidationError extends Error {
  override name = 'SinkValidationError';
  constructor(readonly errors: readonly string[]) {
    super(multierror(errors));
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with a sink ID (empty when nothing); also applied to the ID in a request path. */
export function sinkIdProblems(id: string): string[] {
  const errors: string[] = [];
  if (id === '') return ['Missing sink ID'];
  if (id.includes(' ')) errors.push('Sink ID contains a space');
  if (id.includes('\0')) errors.push('Sink ID contains a null character');
  // Our companion routes live under /v1/event/sink/:id/…, so an ID cannot contain a slash.
  if (id.includes('/')) errors.push('Sink ID contains a slash');
  // A browser resolves `/v1/event/sink/..` before sending it: such a sink could never be read or deleted.
  if (id === '.' || id === '..') errors.push('Sink ID must not be "." or ".."');
  if (id.length > MAX_ID_LENGTH) errors.push(`Sink ID must be at most ${MAX_ID_LENGTH} characters`);
  return errors;
}

function validateId(id: unknown, errors: string[]): string {
  if (typeof id !== 'string' || id === '') {
    errors.push('Missing sink ID');
    return '';
  }
  errors.push(...sinkIdProblems(id));
  return id;
}

function validateAddress(raw: unknown, errors: string[]): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    errors.push('Webhook sink requires a valid Address');
    return '';
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    errors.push(`Webhook sink Address must be a valid url: parse ${JSON.stringify(raw)}: invalid URL`);
    return raw;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    errors.push(`Webhook sink Address must use http or https, not "${url.protocol}"`);
  } else if (url.hostname === '') {
    errors.push('Webhook sink requires a valid Address');
  }
  return raw;
}

function validateTopics(raw: unknown, errors: string[]): TopicMap {
  const topics: TopicMap = {};
  if (!isRecord(raw) || Object.keys(raw).length === 0) {
    errors.push('Sink requires at least one topic');
    return topics;
  }
  for (const [topic, keys] of Object.entries(raw)) {
    if (!KNOWN_TOPICS.includes(topic)) {
      errors.push(`Topic "${topic}" is not a known event topic (known: ${KNOWN_TOPICS.join(', ')})`);
      continue;
    }
    if (!Array.isArray(keys) || keys.length === 0) {
      errors.push(`Topic "${topic}" has no keys (use ["*"] for every key)`);
      continue;
    }
    const clean: string[] = [];
    for (const key of keys) {
      if (typeof key !== 'string') errors.push(`Topic "${topic}" key must be a string`);
      // The stream's topic=Topic:Key syntax cannot carry a second colon.
      else if (key.includes(':')) errors.push(`Topic "${topic}" key "${key}" must not contain ":"`);
      else clean.push(key);
    }
    topics[topic] = clean;
  }
  return topics;
}

function validateHeaders(raw: unknown, errors: string[]): Record<string, string> | null | undefined {
  if (raw === undefined) return undefined;
  if (raw === null) return null;
  if (!isRecord(raw)) {
    errors.push('Headers must be an object of header names to values');
    return undefined;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!HEADER_NAME.test(name)) errors.push(`Header "${name}" is not a valid HTTP header name`);
    else if (RESERVED_HEADERS.has(name.toLowerCase())) errors.push(`Header "${name}" is reserved`);
    else if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      errors.push(`Header "${name}" value must be a string without line breaks`);
    } else headers[name] = value;
  }
  return Object.keys(headers).length === 0 ? null : headers;
}

/** Parses and validates a decoded request body; throws SinkValidationError with every problem found. */
export function validateSinkInput(body: unknown): SinkInput {
  const errors: string[] = [];
  const b = isRecord(body) ? body : {};
  const id = validateId(b.ID, errors);
  const type = typeof b.Type === 'string' ? b.Type : '';
  let address = '';
  if (type === 'webhook') address = validateAddress(b.Address, errors);
  else errors.push('Sink type invalid');
  const topics = validateTopics(b.Topics, errors);
  let latest: number | undefined;
  if (b.LatestIndex !== undefined && b.LatestIndex !== null) {
    if (typeof b.LatestIndex !== 'number' || !Number.isSafeInteger(b.LatestIndex) || b.LatestIndex < 0) {
      errors.push('LatestIndex must be a non-negative integer');
    } else latest = b.LatestIndex;
  }
  const headers = validateHeaders(b.Headers, errors);
  let secret: string | undefined;
  if (b.Secret !== undefined && b.Secret !== null) {
    if (typeof b.Secret !== 'string' || b.Secret.length > MAX_SECRET_LENGTH) {
      errors.push(`Secret must be a string of at most ${MAX_SECRET_LENGTH} characters`);
    } else secret = b.Secret;
  }
  if (errors.length > 0) throw new SinkValidationError(errors);
  return {
    ID: id,
    Type: type,
    Address: address,
    Topics: topics,
    LatestIndex: latest,
    Headers: headers,
    Secret: secret,
  };
}

/** The stream query for a sink's topics: one `topic=Topic:Key` per key, in order. */
export function topicQuery(topics: TopicMap): string {
  const params = new URLSearchParams();
  for (const [topic, keys] of Object.entries(topics)) for (const key of keys) params.append('topic', `${topic}:${key}`);
  return params.toString();
}
