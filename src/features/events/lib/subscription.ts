/**
 * The timeline's subscription as the server sees it — `topic` (repeatable), `namespace`,
 * `index` — validated the way Nomad parses it (nomad-api.md §1.3) before anything is sent,
 * with the ACL each choice needs (§1.6), and its mapping to and from the page URL.
 */
import { describeMissing, requiredCapability } from '@/lib/nomad/capabilities.ts';
import { EVENT_STREAM_PATH, type StreamStart } from '@/lib/nomad/event-stream.ts';
import type { EventTopic } from '@/lib/nomad/types.ts';

/** Every topic Nomad CE emits (§1.5), for suggestions and the "unknown topic" warning. */
export const KNOWN_TOPICS: readonly EventTopic[] = [
  'Job',
  'Evaluation',
  'Allocation',
  'Deployment',
  'Node',
  'NodePool',
  'Service',
  'ACLToken',
  'ACLPolicy',
  'ACLRole',
  'ACLAuthMethod',
  'ACLBindingRule',
  'HostVolume',
  'CSIVolume',
  'CSIPlugin',
  'Variable',
];

const KNOWN = new Set<string>(KNOWN_TOPICS);

export interface ParsedTopic {
  raw: string;
  topic: string;
  /** `*` when the value had no colon; `""` for `Topic:`. */
  key: string;
}

/** Nomad's 400 text for a topic value with more than one colon, verbatim. */
export function invalidTopicMessage(raw: string): string {
  return `Invalid topic query: error parsing topics: Invalid key value pair for topic, topic: ${raw}`;
}

/** Splits one `topic` value as Nomad does; more than one colon is refused. */
export function parseTopic(raw: string): ParsedTopic | { error: string } {
  const parts = raw.split(':');
  if (parts.length > 2) return { error: invalidTopicMessage(raw) };
  if (parts.length === 1) return { raw, topic: raw, key: '*' };
  return { raw, topic: parts[0] ?? '', key: parts[1] ?? '' };
}

export interface TopicIssue {
  /** The chip the issue is about. */
  raw: string;
  level: 'error' | 'warning';
  message: string;
}

/**
 * What Nomad would do with these topic values that a person may not expect: refusals
 * (errors: the subscription is not sent) and surprises (warnings).
 */
export function topicIssues(raws: readonly string[]): TopicIssue[] {
  const issues: TopicIssue[] = [];
  const keysByTopic = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const raw of raws) {
    const parsed = parseTopic(raw);
    if ('error' in parsed) {
      issues.push({ raw, level: 'error', message: parsed.error });
      continue;
    }
    if (seen.has(raw)) {
      issues.push({
        raw,
        level: 'warning',
        message: `${raw} is listed twice: Nomad sends each matching event once per copy (the timeline drops the repeats).`,
      });
    }
    seen.add(raw);
    keysByTopic.set(parsed.topic, [...(keysByTopic.get(parsed.topic) ?? []), parsed.key]);
    if (parsed.topic !== '*' && !KNOWN.has(parsed.topic)) {
      issues.push({
        raw,
        level: 'warning',
        message: `Nomad accepts the topic "${parsed.topic}" but emits no such events, so it never matches — and it needs a management token.`,
      });
    }
    if (parsed.key === '') {
      issues.push({
        raw,
        level: 'warning',
        message: `${raw} has an empty key: it matches objects whose FilterKeys contain "" (e.g. evaluations without a deployment).`,
      });
    }
  }
  // `*` is a wildcard only as the sole key of a topic, counting the keys given for topic `*`.
  const star = keysByTopic.get('*') ?? [];
  if (star.length === 1 && star[0] === '*') {
    // Nomad's first rule: `*` (or `*:*`) alone matches every event, whatever else is asked.
    for (const raw of raws) {
      if (raw !== '*' && raw !== '*:*' && !issues.some((i) => i.raw === raw && i.level === 'error')) {
        issues.push({ raw, level: 'warning', message: `${raw} adds nothing: "*" already matches every event.` });
      }
    }
    return issues;
  }
  for (const [topic, own] of keysByTopic) {
    const keys = topic === '*' ? own : [...star, ...own];
    if (keys.length > 1 && keys.includes('*')) {
      const name = topic === '*' ? 'every topic' : topic;
      issues.push({
        raw: topic,
        level: 'warning',
        message: `For ${name}, "*" is combined with other keys (${keys.filter((k) => k !== '*').join(', ')}), so Nomad compares it literally: only those keys match, not everything.`,
      });
    }
  }
  return issues;
}

/** The ACL a subscription needs, as a sentence (from the shared capability table). */
export function aclNeeded(topics: readonly string[], namespace: string): string {
  const search = new URLSearchParams();
  for (const t of topics) search.append('topic', t);
  search.set('namespace', namespace);
  const need = requiredCapability('GET', EVENT_STREAM_PATH, search);
  if (!need) return 'a token that may read these topics';
  switch (need.scope) {
    case 'management':
      return 'a management token';
    case 'global':
      return `the "${need.capability}" capability`;
    case 'namespace': {
      const where = need.namespace === '*' ? 'every namespace' : `namespace "${need.namespace}"`;
      return `"${need.capability}" in ${where}${need.also ? ` and "${need.also}"` : ''}`;
    }
    case 'token':
      return describeMissing(need);
  }
}

// ------------------------------------------------------------------ URL

export type StartParam = 'now' | 'buffer' | `${number}`;

export const DEFAULT_START: StreamStart = { from: 'buffer' };

/** `from=now` | `from=buffer` (default) | `from=<index>`; anything else is the default. */
export function parseStart(value: string | null): StreamStart {
  if (value === 'now') return { from: 'now' };
  if (value !== null && /^\d{1,15}$/.test(value) && Number(value) > 0) return { from: 'index', index: Number(value) };
  return DEFAULT_START;
}

/** The `from` value for a start point; undefined for the default (kept out of the URL). */
export function startParam(start: StreamStart): string | undefined {
  if (start.from === 'now') return 'now';
  if (start.from === 'index') return String(start.index);
  return undefined;
}

export function describeStart(start: StreamStart): string {
  if (start.from === 'now') return 'live from now';
  if (start.from === 'index') return `from index ${start.index}`;
  return 'everything the server still buffers, then live';
}
