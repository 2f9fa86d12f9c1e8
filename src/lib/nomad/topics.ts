/**
 * Nomad's `topic` rules (nomad-api.md §1.3) as pure functions, shared by the event timeline
 * (query parameters) and the sink forms (a sink's `Topics` map has the same semantics).
 */
import type { EventTopic } from './types.ts';

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

/** Where the topics are used: a browser's event stream or a server-side sink. */
export type TopicContext = 'stream' | 'sink';

/**
 * What Nomad would do with these topic values that a person may not expect: refusals
 * (errors: the subscription is not sent) and surprises (warnings).
 */
export function topicIssues(raws: readonly string[], context: TopicContext = 'stream'): TopicIssue[] {
  // A sink subscribes without a token and delivers every copy, so two clauses differ.
  const repeats = context === 'stream' ? 'the timeline drops the repeats' : 'the sink delivers every copy';
  const acl = context === 'stream' ? ' — and it needs a management token' : '';
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
        message: `${raw} is listed twice: Nomad sends each matching event once per copy (${repeats}).`,
      });
    }
    seen.add(raw);
    keysByTopic.set(parsed.topic, [...(keysByTopic.get(parsed.topic) ?? []), parsed.key]);
    if (parsed.topic !== '*' && !KNOWN.has(parsed.topic)) {
      issues.push({
        raw,
        level: 'warning',
        message: `Nomad accepts the topic "${parsed.topic}" but emits no such events, so it never matches${acl}.`,
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
