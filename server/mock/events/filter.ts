/**
 * The request side of the event stream: `index` and `topic` parsing as
 * command/agent/event_endpoint.go does it, and per-event matching as
 * nomad/stream/subscription.go `filter` does it (nomad-api.md §1.3), odd corners included:
 * `*` is a wildcard only as the sole key, keys for topic `*` are prepended to the event's
 * own topic keys, and an event is appended once per matching key.
 */
import type { NomadEvent } from '../../../src/lib/nomad/types.ts';
import { badRequest } from '../../http/errors.ts';
import { goAtoi } from '../../http/go-strconv.ts';

/** Topic → keys, in the order the request gave them. */
export type TopicMap = ReadonlyMap<string, readonly string[]>;

export const ALL = '*';

/** `strconv.Atoi` on `index` (empty = 0), with Go's error texts. */
export function parseStreamIndex(raw: string | null): number {
  const parsed = goAtoi(raw === null || raw === '' ? '0' : raw);
  if (!parsed.ok) throw badRequest(`Unable to parse index: ${parsed.error}`);
  return Number(parsed.value);
}

/**
 * After Atoi, Nomad's generic query parser reads `index` again as an unsigned integer and
 * writes `Invalid index` for a sign; the real server then streams on after that 400 (a
 * broken response, nomad-api.md §1.1). The mock stops at the 400.
 */
export function rejectSignedIndex(raw: string | null): void {
  if (raw !== null && /^[+-]/.test(raw)) throw badRequest('Invalid index');
}

/** `parseEventTopics`: no `topic` at all means `{"*":["*"]}`; `Topic` alone means key `*`. */
export function parseTopics(values: readonly string[]): TopicMap {
  if (values.length === 0) return new Map([[ALL, [ALL]]]);
  const topics = new Map<string, string[]>();
  for (const raw of values) {
    const parts = raw.split(':');
    if (parts.length > 2) {
      throw badRequest(`Invalid topic query: error parsing topics: Invalid key value pair for topic, topic: ${raw}`);
    }
    const [topic, key] = parts.length === 1 ? [raw, ALL] : [parts[0]!, parts[1]!];
    const keys = topics.get(topic);
    if (keys) keys.push(key);
    else topics.set(topic, [key]);
  }
  return topics;
}

export interface StreamFilter {
  topics: TopicMap;
  /** Namespaces fixed at subscribe time (`*` expanded then); undefined = no namespace gate (the mock's record). */
  namespaces: ReadonlySet<string> | undefined;
}

function isSoleWildcard(keys: readonly string[] | undefined): boolean {
  return keys !== undefined && keys.length === 1 && keys[0] === ALL;
}

function matchesKey(event: NomadEvent, key: string): boolean {
  return event.Key === key || (event.FilterKeys?.includes(key) ?? false);
}

/** How many times `event` goes into the batch for `filter` (0 = dropped). */
export function matchCount(filter: StreamFilter, event: NomadEvent): number {
  if (filter.namespaces && event.Namespace !== '' && !filter.namespaces.has(event.Namespace)) return 0;
  const allTopicKeys = filter.topics.get(ALL) ?? [];
  if (isSoleWildcard(allTopicKeys)) return 1;
  const keys = [...allTopicKeys, ...(filter.topics.get(event.Topic) ?? [])];
  if (isSoleWildcard(keys)) return 1;
  let n = 0;
  for (const key of keys) if (matchesKey(event, key)) n++;
  return n;
}

/**
 * The positions of a batch's events a subscription receives, repeats included, in order.
 * Returns undefined when that is exactly every event once, so callers can share the
 * batch's one encoded line.
 */
export function selectEvents(filter: StreamFilter, events: readonly NomadEvent[]): number[] | undefined {
  const picked: number[] = [];
  let identity = true;
  events.forEach((event, i) => {
    const n = matchCount(filter, event);
    if (n !== 1) identity = false;
    for (let k = 0; k < n; k++) picked.push(i);
  });
  return identity ? undefined : picked;
}

/** Topics as `{"Topic":["key",…]}` for listings; Go maps encode with sorted keys anyway. */
export function topicsObject(topics: TopicMap): Record<string, string[]> {
  return Object.fromEntries([...topics].map(([t, keys]) => [t, [...keys]]));
}
