import { describe, expect, it } from 'vitest';
import { describeMatching, newRow, parseKeys, rowIssues, rowsFromTopics, topicsFromRows } from './topic-rows.ts';

describe('parseKeys', () => {
  it('reads blank as every key and "" as the empty key', () => {
    expect(parseKeys('')).toEqual(['*']);
    expect(parseKeys('  , ')).toEqual(['*']);
    expect(parseKeys('web, api ,""')).toEqual(['web', 'api', '']);
  });
});

describe('rows ⇄ Topics map', () => {
  it('accumulates keys of rows that name the same topic, in order', () => {
    const rows = [newRow('Job', 'web'), newRow('Allocation'), newRow('Job', 'api')];
    expect(topicsFromRows(rows)).toEqual({ Job: ['web', 'api'], Allocation: ['*'] });
  });

  it('round-trips a map, and reads an empty map as everything', () => {
    const topics = { Job: ['web', ''], Node: ['*'] };
    expect(topicsFromRows(rowsFromTopics(topics))).toEqual(topics);
    expect(rowsFromTopics(null).map((r) => [r.topic, r.keys])).toEqual([['*', '']]);
    expect(rowsFromTopics({ Evaluation: [''] })[0]!.keys).toBe('""');
  });
});

describe('rowIssues', () => {
  it('refuses an empty editor, blank topics and colons', () => {
    expect(rowIssues([])[0]!.level).toBe('error');
    const blank = newRow('');
    const colon = newRow('Job:web');
    const badKey = newRow('Job', 'a:b');
    const issues = rowIssues([blank, colon, badKey]);
    expect(issues.filter((i) => i.level === 'error').map((i) => i.row)).toEqual([blank.id, colon.id, badKey.id]);
    expect(issues.find((i) => i.row === badKey.id)!.message).toMatch(/contains ":"/);
  });

  it('refuses topics the sink server does not know (the stream would silently never match them)', () => {
    const c = newRow('Jobs');
    expect(rowIssues([c])).toEqual([
      { row: c.id, level: 'error', message: 'Topic "Jobs" is not a known event topic.' },
    ]);
    // Accepted by the server, though the timeline's list says CE emits no such events.
    expect(rowIssues([newRow('Operator')]).map((i) => i.level)).toEqual(['warning']);
  });

  it('uses the timeline rules: literal * beside other keys, duplicates', () => {
    const a = newRow('Job');
    const b = newRow('Job', 'web');
    const issues = rowIssues([a, b]);
    expect(issues.every((i) => i.level === 'warning')).toBe(true);
    expect(issues.find((i) => i.row === a.id)!.message).toMatch(/compares it literally/);
    const dup = rowIssues([newRow('Node', 'n1'), newRow('Node', 'n1')]);
    expect(dup[0]!.message).toMatch(/sink delivers every copy/);
  });

  it('accepts ordinary rows without comment', () => {
    expect(rowIssues([newRow('Allocation', 'web'), newRow('Node')])).toEqual([]);
  });
});

describe('describeMatching', () => {
  it('explains wildcard, per-topic keys and keys given for every topic', () => {
    expect(describeMatching({ '*': ['*'], Job: ['web'] })).toEqual(['Every event of every topic.']);
    expect(describeMatching({ Job: ['*'], Allocation: ['web'] })).toEqual([
      'Every Job event.',
      'Allocation events whose Key or FilterKeys include "web".',
    ]);
    const lines = describeMatching({ '*': ['web'], Node: ['*'] });
    expect(lines[0]).toMatch(/any topic .* "web"/);
    // Nomad adds the `*` topic's keys to each topic's own, so `*` is then literal.
    expect(lines[1]).toBe('Node events whose Key or FilterKeys include "web", "*".');
  });
});
