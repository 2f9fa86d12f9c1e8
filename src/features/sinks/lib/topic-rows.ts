/**
 * The sink form's topics editor as data: rows of Topic + keys that become the sink's
 * `Topics` map (topic → keys, the same semantics as the event stream's `topic=` values,
 * nomad-api.md §1.3), checked with the timeline's rules from `@/lib/nomad/topics.ts`.
 */
import { KNOWN_TOPICS, topicIssues } from '@/lib/nomad/topics.ts';

/** What the sink server accepts: the stream's topics, `Operator`, and `*`. */
export const SINK_TOPICS: readonly string[] = ['*', ...KNOWN_TOPICS, 'Operator'];

export interface TopicRow {
  /** Stable React key; not sent. */
  id: number;
  /** `Job`, `Allocation`, … or `*` for every topic. */
  topic: string;
  /** Comma-separated keys; empty means every key (`*`). `""` stands for the empty key. */
  keys: string;
}

export type TopicsMap = Record<string, string[]>;

export interface RowIssue {
  /** The row's id, or undefined for an issue about the whole map. */
  row: number | undefined;
  level: 'error' | 'warning';
  message: string;
}

let nextId = 1;
export function newRow(topic = '', keys = ''): TopicRow {
  return { id: nextId++, topic, keys };
}

/** `web, api, ""` → `['web', 'api', '']`; blank → `['*']` (every key). */
export function parseKeys(text: string): string[] {
  const keys = text
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '')
    .map((k) => (k === '""' ? '' : k));
  return keys.length ? keys : ['*'];
}

function formatKeys(keys: readonly string[]): string {
  if (keys.length === 1 && keys[0] === '*') return '';
  return keys.map((k) => (k === '' ? '""' : k)).join(', ');
}

/** A sink's map as editor rows, topics in name order; an empty map reads as everything. */
export function rowsFromTopics(topics: TopicsMap | null | undefined): TopicRow[] {
  const entries = Object.entries(topics ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return [newRow('*')];
  return entries.map(([topic, keys]) => newRow(topic, formatKeys(keys ?? ['*'])));
}

/** The map sent to the server. Rows naming the same topic accumulate keys in order, as Nomad does. */
export function topicsFromRows(rows: readonly TopicRow[]): TopicsMap {
  const out: TopicsMap = {};
  for (const row of rows) {
    const topic = row.topic.trim();
    const keys = parseKeys(row.keys);
    out[topic] = [...(out[topic] ?? []), ...keys];
  }
  return out;
}

/** The `topic=` values equivalent to the map, for the shared rule checks. */
function rawValues(topic: string, keys: readonly string[]): string[] {
  return keys.map((k) => `${topic}:${k}`);
}

/**
 * Refusals (errors: the form is not sent) and surprises (warnings) for the rows, each tied
 * to the row it concerns so the editor can show it in place.
 */
export function rowIssues(rows: readonly TopicRow[]): RowIssue[] {
  if (rows.length === 0) {
    return [{ row: undefined, level: 'error', message: 'Add at least one topic (use * for every topic).' }];
  }
  const issues: RowIssue[] = [];
  const raws: { raw: string; row: number; topic: string }[] = [];
  for (const row of rows) {
    const topic = row.topic.trim();
    if (topic === '') {
      issues.push({ row: row.id, level: 'error', message: 'Choose a topic, or * for every topic.' });
      continue;
    }
    if (topic.includes(':')) {
      issues.push({ row: row.id, level: 'error', message: `A topic name cannot contain ":" (got "${topic}").` });
      continue;
    }
    if (!SINK_TOPICS.includes(topic)) {
      // The stream accepts unknown topics and never matches them; the sink server refuses them.
      issues.push({ row: row.id, level: 'error', message: `Topic "${topic}" is not a known event topic.` });
      continue;
    }
    const bad = parseKeys(row.keys).find((k) => k.includes(':'));
    if (bad !== undefined) {
      issues.push({
        row: row.id,
        level: 'error',
        message: `Key "${bad}" contains ":", which Nomad cannot parse (a topic filter is Topic:Key with one colon).`,
      });
      continue;
    }
    for (const raw of rawValues(topic, parseKeys(row.keys))) raws.push({ raw, row: row.id, topic });
  }
  const seen = new Set<string>();
  for (const issue of topicIssues(
    raws.map((r) => r.raw),
    'sink',
  )) {
    // The shared rules name either a `Topic:Key` value or, for combined-key notes, the topic.
    const owner = raws.find((r) => r.raw === issue.raw) ?? raws.find((r) => r.topic === issue.raw);
    const key = `${owner?.row}|${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ row: owner?.row, level: issue.level, message: issue.message });
  }
  return issues;
}

/** One sentence per topic saying which events the sink will receive, per Nomad's matching. */
export function describeMatching(topics: TopicsMap): string[] {
  const star = topics['*'] ?? [];
  if (star.length === 1 && star[0] === '*') return ['Every event of every topic.'];
  const lines: string[] = [];
  const keyList = (keys: readonly string[]) => keys.map((k) => (k === '' ? '"" (empty)' : `"${k}"`)).join(', ');
  if (star.length) {
    lines.push(`Events of any topic whose Key or FilterKeys include ${keyList(star)}.`);
  }
  for (const [topic, own] of Object.entries(topics)) {
    if (topic === '*') continue;
    const keys = [...star, ...own];
    if (keys.length === 1 && keys[0] === '*') lines.push(`Every ${topic} event.`);
    else lines.push(`${topic} events whose Key or FilterKeys include ${keyList(keys)}.`);
  }
  return lines;
}
