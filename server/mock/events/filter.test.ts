import { describe, expect, it } from 'vitest';
import type { NomadEvent } from '../../../src/lib/nomad/types.ts';
import { HttpError } from '../../http/errors.ts';
import { EventBuffer } from './buffer.ts';
import { matchCount, parseStreamIndex, parseTopics, selectEvents, type StreamFilter } from './filter.ts';

function ev(topic: string, key: string, namespace: string, filterKeys: string[] | null = null): NomadEvent {
  return { FilterKeys: filterKeys, Index: 1, Key: key, Namespace: namespace, Payload: {}, Topic: topic, Type: 'T' };
}

function filter(topics: string[], namespaces: string[] | undefined = ['default']): StreamFilter {
  return { topics: parseTopics(topics), namespaces: namespaces ? new Set(namespaces) : undefined };
}

const jobWeb = ev('Job', 'web', 'default');
const jobApi = ev('Job', 'api', 'default');
const allocOfWeb = ev('Allocation', 'a1', 'default', ['web', 'd1']);
const evalNoDeployment = ev('Evaluation', 'e1', 'default', ['web', '']);
const node = ev('Node', 'n1', '');
const prodJob = ev('Job', 'web', 'prod');

describe('topic parsing (command/agent/event_endpoint.go)', () => {
  it('no topic means everything; a bare topic means key *; keys accumulate in order', () => {
    expect([...parseTopics([])]).toEqual([['*', ['*']]]);
    expect([...parseTopics(['Job', 'Job:web', 'Node:', ':x'])]).toEqual([
      ['Job', ['*', 'web']],
      ['Node', ['']],
      ['', ['x']],
    ]);
  });

  it('more than one colon is a 400 with Nomad’s text', () => {
    expect(() => parseTopics(['Job:a:b'])).toThrow(
      new HttpError(400, 'Invalid topic query: error parsing topics: Invalid key value pair for topic, topic: Job:a:b'),
    );
  });

  it('index is strconv.Atoi with Go’s error text', () => {
    expect(parseStreamIndex(null)).toBe(0);
    expect(parseStreamIndex('42')).toBe(42);
    expect(() => parseStreamIndex('x')).toThrow('Unable to parse index: strconv.Atoi: parsing "x": invalid syntax');
    expect(() => parseStreamIndex('99999999999999999999')).toThrow('value out of range');
  });
});

describe('matching (nomad/stream/subscription.go filter)', () => {
  const table: [string, string[], NomadEvent, number][] = [
    ['*:* matches everything in the namespace', ['*:*'], jobWeb, 1],
    ['no topic = *:*', [], allocOfWeb, 1],
    ['Job matches any job', ['Job'], jobApi, 1],
    ['Job:web matches by Key', ['Job:web'], jobWeb, 1],
    ['Job:web does not match api', ['Job:web'], jobApi, 0],
    ['* is literal when not the sole key: Job:*&Job:web matches web', ['Job:*', 'Job:web'], jobWeb, 1],
    ['… and not api', ['Job:*', 'Job:web'], jobApi, 0],
    ['Allocation:<job> matches through FilterKeys', ['Allocation:web'], allocOfWeb, 1],
    [
      'one event per matching key: Allocation:<job>&Allocation:<alloc>',
      ['Allocation:web', 'Allocation:a1'],
      allocOfWeb,
      2,
    ],
    ['the same key twice duplicates too', ['Job:web', 'Job:web'], jobWeb, 2],
    ['*:web matches across topics', ['*:web'], allocOfWeb, 1],
    ['*:web plus Job:web counts both keys', ['*:web', 'Job:web'], jobWeb, 2],
    ['an empty key matches an empty FilterKey', ['Evaluation:'], evalNoDeployment, 1],
    ['other topics never match', ['Deployment'], jobWeb, 0],
    ['unknown topics match nothing', ['Bogus'], jobWeb, 0],
    ['the namespace gate comes first', ['*:*'], prodJob, 0],
    ['events without a namespace pass the gate', ['Node'], node, 1],
  ];
  it.each(table)('%s', (_name, topics, event, count) => {
    expect(matchCount(filter(topics), event)).toBe(count);
  });

  it('namespace=* (expanded) lets every namespace through', () => {
    expect(matchCount(filter(['Job'], ['default', 'prod']), prodJob)).toBe(1);
  });

  it('selectEvents keeps batch order, repeats per key, and says “all” only for exactly-once', () => {
    const events = [jobWeb, allocOfWeb, jobApi];
    expect(selectEvents(filter(['*']), events)).toBeUndefined();
    expect(selectEvents(filter(['Allocation:web', 'Allocation:a1', 'Job:api']), events)).toEqual([1, 1, 2]);
    expect(selectEvents(filter(['Node']), events)).toEqual([]);
  });
});

describe('replay start (event_buffer.go StartAtClosest)', () => {
  const buffer = new EventBuffer(3);
  for (const index of [10, 12, 14, 16]) buffer.append({ index, type: 'JobRegistered', events: [{ wire: jobWeb }] });
  it.each([
    ['0 = the oldest buffered batch', 0, 12],
    ['older than the oldest = the oldest', 3, 12],
    ['an exact index is inclusive', 14, 14],
    ['between batches = the next higher', 13, 14],
    ['newer than the newest = the newest', 99, 16],
  ])('%s', (_name, index, expected) => {
    expect(buffer.startAt(index).index).toBe(expected);
  });

  it('keeps at most capacity batches and marks evicted items dropped', () => {
    expect([...buffer.items()].map((i) => i.index)).toEqual([12, 14, 16]);
    const { evicted } = buffer.append({ index: 18, type: 'JobRegistered', events: [{ wire: jobWeb }] });
    expect(evicted.map((i) => i.index)).toEqual([12]);
    expect(evicted[0]!.dropped).toBe(true);
  });
});
