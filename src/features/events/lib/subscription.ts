/**
 * The timeline's subscription as the server sees it — `topic` (repeatable), `namespace`,
 * `index` — validated the way Nomad parses it (nomad-api.md §1.3) before anything is sent,
 * with the ACL each choice needs (§1.6), and its mapping to and from the page URL.
 */
import { describeMissing, requiredCapability } from '@/lib/nomad/capabilities.ts';
import { EVENT_STREAM_PATH, type StreamStart } from '@/lib/nomad/event-stream.ts';

// The topic rules moved to lib so the sink forms share them; re-exported for the timeline's modules.
export { invalidTopicMessage, KNOWN_TOPICS, parseTopic, topicIssues } from '@/lib/nomad/topics.ts';
export type { ParsedTopic, TopicIssue } from '@/lib/nomad/topics.ts';

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
