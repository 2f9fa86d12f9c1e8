/**
 * The create/edit form for a sink as data: values, the checks Nomad ran on a sink
 * (nomad-api.md §2.1, with its messages), the body sent, and which field a server error
 * belongs to, so the message shows next to that field and the input stays as typed.
 */
import type { EventSink, EventSinkWrite } from '@/lib/nomad/types.ts';
import { newRow, rowIssues, rowsFromTopics, topicsFromRows, type TopicRow } from './topic-rows.ts';

export const SINK_TYPES = ['webhook'] as const;
export const MAX_ID_LENGTH = 128;
export const MAX_SECRET_LENGTH = 256;
/** Headers the server sets itself and refuses to let a sink override. */
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'host',
  'connection',
  'transfer-encoding',
  'x-nomad-live-sink',
  'x-nomad-live-signature',
]);

export interface HeaderRow {
  id: number;
  name: string;
  value: string;
}

export interface SinkFormValues {
  id: string;
  type: string;
  address: string;
  topics: TopicRow[];
  headers: HeaderRow[];
  /** Write-only; blank on edit keeps the stored secret. */
  secret: string;
  /** Edit only: drop the stored secret (deliveries are no longer signed). */
  removeSecret: boolean;
}

export type SinkField = 'id' | 'type' | 'address' | 'topics' | 'headers' | 'secret' | 'form';
export type SinkErrors = Partial<Record<SinkField, string[]>>;

let nextHeaderId = 1;
export function newHeader(name = '', value = ''): HeaderRow {
  return { id: nextHeaderId++, name, value };
}

export function emptySinkForm(): SinkFormValues {
  return { id: '', type: 'webhook', address: '', topics: [newRow('*')], headers: [], secret: '', removeSecret: false };
}

export function formFromSink(sink: EventSink): SinkFormValues {
  return {
    id: sink.ID,
    type: sink.Type,
    address: sink.Address,
    topics: rowsFromTopics(sink.Topics),
    headers: Object.entries(sink.Headers ?? {}).map(([name, value]) => newHeader(name, value)),
    secret: '',
    removeSecret: false,
  };
}

/** Nomad's ID checks, all of them (it collected them with multierror). */
export function idErrors(id: string): string[] {
  const errors: string[] = [];
  if (id === '') errors.push('Missing sink ID');
  if (id.includes(' ')) errors.push('Sink ID contains a space');
  if (id.includes('\0')) errors.push('Sink ID contains a null character');
  // nomad-live's own rules: the ID is a path segment of its companion routes.
  if (id.includes('/')) errors.push('Sink ID contains a slash');
  if (id.length > MAX_ID_LENGTH) errors.push(`Sink ID must be at most ${MAX_ID_LENGTH} characters`);
  return errors;
}

/** Nomad only required a parsable URL; we also require http(s) and a host, as our server does. */
export function addressErrors(address: string): string[] {
  const trimmed = address.trim();
  if (trimmed === '') return ['Webhook sink requires a valid Address'];
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return ['Webhook sink Address must be a valid url: it needs a scheme and a host, e.g. http://host:8080/hook'];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return [`Webhook sink Address must use http or https, not "${url.protocol}"`];
  }
  if (url.username || url.password) return ['Put credentials in a header, not in the Address (it is shown in lists)'];
  return [];
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function headerErrors(headers: readonly HeaderRow[]): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const h of headers) {
    const name = h.name.trim();
    if (name === '' && h.value === '') continue;
    if (!HEADER_NAME.test(name)) errors.push(`Header "${name}" is not a valid HTTP header name`);
    else if (RESERVED_HEADERS.has(name.toLowerCase())) errors.push(`Header "${name}" is reserved`);
    else if (seen.has(name.toLowerCase())) errors.push(`Header ${name} is listed twice`);
    else if (/[\r\n]/.test(h.value)) errors.push(`Header ${name} has a line break in its value`);
    seen.add(name.toLowerCase());
  }
  return errors;
}

/** Every error in the form, by field; an empty object means it can be sent. */
export function validateSinkForm(values: SinkFormValues): SinkErrors {
  const errors: SinkErrors = {};
  const add = (field: SinkField, list: string[]) => {
    if (list.length) errors[field] = list;
  };
  add('id', idErrors(values.id));
  if (!(SINK_TYPES as readonly string[]).includes(values.type)) add('type', ['Sink type invalid']);
  else add('address', addressErrors(values.address));
  add(
    'topics',
    rowIssues(values.topics)
      .filter((i) => i.level === 'error')
      .map((i) => i.message),
  );
  add('headers', headerErrors(values.headers));
  if (values.secret.length > MAX_SECRET_LENGTH) {
    add('secret', [`Secret must be a string of at most ${MAX_SECRET_LENGTH} characters`]);
  }
  return errors;
}

/**
 * The JSON body of `POST /v1/event/sink/:id`. `LatestIndex` is left out so an edit keeps
 * the sink's progress (the server's rule for an absent field; Nomad's beta reset it).
 */
export function sinkBody(values: SinkFormValues): EventSinkWrite {
  const headers = values.headers.filter((h) => h.name.trim() !== '');
  const body: EventSinkWrite = {
    ID: values.id,
    Type: values.type,
    Address: values.address.trim(),
    Topics: topicsFromRows(values.topics),
    Headers: headers.length ? Object.fromEntries(headers.map((h) => [h.name.trim(), h.value])) : null,
  };
  if (values.secret !== '') body.Secret = values.secret;
  else if (values.removeSecret) body.Secret = '';
  return body;
}

/** `1 error occurred:\n\t* A\n\n` / `2 errors occurred: …` → the items; anything else is one item. */
export function splitServerErrors(text: string): string[] {
  const items = [...text.matchAll(/^\s*\*\s+(.+)$/gm)].map((m) => m[1]!.trim());
  return items.length ? items : [text.trim()].filter(Boolean);
}

export function fieldOf(message: string): SinkField {
  const m = message.toLowerCase();
  if (/sink id|sink name|missing sink|request path|\bid\b/.test(m)) return 'id';
  if (/address|url/.test(m)) return 'address';
  if (/topic|key/.test(m)) return 'topics';
  if (/header/.test(m)) return 'headers';
  if (/secret/.test(m)) return 'secret';
  if (/type/.test(m)) return 'type';
  return 'form';
}

/** A 400/500 text from the server, spread over the fields it concerns. */
export function serverErrors(text: string): SinkErrors {
  const errors: SinkErrors = {};
  for (const item of splitServerErrors(text)) {
    const field = fieldOf(item);
    errors[field] = [...(errors[field] ?? []), item];
  }
  return errors;
}
