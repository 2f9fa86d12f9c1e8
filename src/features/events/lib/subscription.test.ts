import { describe, expect, it } from 'vitest';
import { LIVE_INDEX } from '@/lib/nomad/event-stream.ts';
import { aclNeeded, parseStart, parseTopic, startParam, topicIssues } from './subscription.ts';

describe('parseTopic', () => {
  it('splits like Nomad: no colon is key *, empty sides are kept, two colons are refused', () => {
    expect(parseTopic('Node')).toMatchObject({ topic: 'Node', key: '*' });
    expect(parseTopic('Allocation:web')).toMatchObject({ topic: 'Allocation', key: 'web' });
    expect(parseTopic('Evaluation:')).toMatchObject({ topic: 'Evaluation', key: '' });
    expect(parseTopic(':web')).toMatchObject({ topic: '', key: 'web' });
    expect(parseTopic('Job:a:b')).toEqual({
      error: 'Invalid topic query: error parsing topics: Invalid key value pair for topic, topic: Job:a:b',
    });
  });
});

describe('topicIssues', () => {
  const messages = (raws: string[]) => topicIssues(raws).map((i) => `${i.level}:${i.raw}`);

  it('is quiet for ordinary subscriptions', () => {
    expect(topicIssues(['Allocation:web', 'Node', 'Deployment:*'])).toEqual([]);
    expect(topicIssues([])).toEqual([]);
  });

  it('refuses more than one colon with Nomad’s message', () => {
    const [issue] = topicIssues(['Job:a:b']);
    expect(issue).toMatchObject({ level: 'error', raw: 'Job:a:b' });
    expect(issue!.message).toContain('Invalid key value pair for topic, topic: Job:a:b');
  });

  it('explains that * is a wildcard only as the sole key', () => {
    const issues = topicIssues(['Job:*', 'Job:web']);
    expect(messages(['Job:*', 'Job:web'])).toEqual(['warning:Job']);
    expect(issues[0]!.message).toMatch(/compares it literally: only those keys match/);
    // Keys given for topic `*` join every topic's keys.
    expect(messages(['*:web', 'Allocation'])).toEqual(['warning:Allocation']);
    // A bare topic means key `*`, so adding a key to it narrows it.
    expect(messages(['Allocation', 'Allocation:web'])).toEqual(['warning:Allocation']);
  });

  it('notes that * alone already matches everything', () => {
    expect(messages(['*', 'Node'])).toEqual(['warning:Node']);
  });

  it('warns about duplicates, unknown topics and empty keys', () => {
    expect(messages(['Node', 'Node'])).toContain('warning:Node');
    expect(topicIssues(['Jobs'])[0]!.message).toMatch(/never matches.*management token/);
    expect(topicIssues(['Evaluation:'])[0]!.message).toMatch(/empty key/);
  });
});

describe('aclNeeded', () => {
  it('names the capability the chosen topics need', () => {
    expect(aclNeeded([], 'default')).toBe('a management token');
    expect(aclNeeded(['*'], 'default')).toBe('a management token');
    expect(aclNeeded(['Allocation:web', 'Job'], 'prod')).toBe('"read-job" in namespace "prod"');
    expect(aclNeeded(['Allocation'], '*')).toBe('"read-job" in every namespace');
    expect(aclNeeded(['Node'], 'default')).toBe('the "node:read" capability');
    expect(aclNeeded(['Node', 'Job'], 'default')).toBe('"read-job" in namespace "default" and "node:read"');
    expect(aclNeeded(['ACLToken'], 'default')).toBe('a management token');
  });
});

describe('start point in the URL', () => {
  it('round-trips now, buffer (the default, left out) and a given index', () => {
    expect(parseStart(null)).toEqual({ from: 'buffer' });
    expect(parseStart('now')).toEqual({ from: 'now' });
    expect(parseStart('1234')).toEqual({ from: 'index', index: 1234 });
    expect(parseStart('-3')).toEqual({ from: 'buffer' });
    expect(parseStart('0')).toEqual({ from: 'buffer' });
    expect(parseStart(String(LIVE_INDEX) + '0')).toEqual({ from: 'buffer' });
    expect(startParam({ from: 'buffer' })).toBeUndefined();
    expect(startParam({ from: 'now' })).toBe('now');
    expect(startParam({ from: 'index', index: 42 })).toBe('42');
  });
});
