import { describe, expect, it } from 'vitest';
import { diffPayloads, diffPayloadsDetailed, formatChangeValue } from './event-diff.ts';

const allocPayload = (state: string, extra: Record<string, unknown> = {}) => ({
  Allocation: {
    ID: 'a1',
    ClientStatus: state === 'dead' ? 'complete' : 'running',
    ModifyIndex: 40,
    AllocModifyIndex: 39,
    ModifyTime: 1714572189000000000,
    Job: null,
    TaskStates: { web: { State: state, Restarts: 0, Events: [{ Type: 'Received' }] } },
    ...extra,
  },
});

describe('diffPayloads', () => {
  it('reports a nested change by its dotted path', () => {
    const changes = diffPayloads(allocPayload('running'), allocPayload('dead'));
    expect(changes).toEqual([
      { path: 'Allocation.ClientStatus', kind: 'changed', before: 'running', after: 'complete' },
      { path: 'Allocation.TaskStates.web.State', kind: 'changed', before: 'running', after: 'dead' },
    ]);
  });

  it('returns nothing for equal payloads, even when they are different objects', () => {
    expect(diffPayloads(allocPayload('running'), allocPayload('running'))).toEqual([]);
  });

  it('reports added and removed keys, and null versus a value as a change', () => {
    const prev = { Node: { Drain: false, DrainStrategy: null, Meta: { rack: 'r1' } } };
    const next = { Node: { Drain: true, DrainStrategy: { Deadline: 3600 }, Meta: { zone: 'z' } } };
    expect(diffPayloads(prev, next)).toEqual([
      { path: 'Node.Drain', kind: 'changed', before: false, after: true },
      { path: 'Node.DrainStrategy', kind: 'changed', before: null, after: { Deadline: 3600 } },
      { path: 'Node.Meta.rack', kind: 'removed', before: 'r1' },
      { path: 'Node.Meta.zone', kind: 'added', after: 'z' },
    ]);
  });

  it('quotes keys that are not plain identifiers', () => {
    const changes = diffPayloads({ Job: { Meta: { 'team.name': 'a' } } }, { Job: { Meta: { 'team.name': 'b' } } });
    expect(changes.map((c) => c.path)).toEqual(['Job.Meta["team.name"]']);
  });

  it('matches array elements by ID, so a reorder is not a change and an insert is one addition', () => {
    const prev = {
      Deployment: {
        Allocs: [
          { ID: 'a', Healthy: true },
          { ID: 'b', Healthy: null },
        ],
      },
    };
    const next = {
      Deployment: {
        Allocs: [
          { ID: 'c', Healthy: null },
          { ID: 'b', Healthy: false },
          { ID: 'a', Healthy: true },
        ],
      },
    };
    expect(diffPayloads(prev, next)).toEqual([
      { path: 'Deployment.Allocs[ID=b].Healthy', kind: 'changed', before: null, after: false },
      { path: 'Deployment.Allocs[ID=c]', kind: 'added', after: { ID: 'c', Healthy: null } },
    ]);
  });

  it('matches by Name when elements have no ID', () => {
    const groups = (webCount: number) => ({
      Job: {
        TaskGroups: [
          { Name: 'api', Count: 1 },
          { Name: 'web', Count: webCount },
        ],
      },
    });
    const reversed = { Job: { TaskGroups: [...groups(3).Job.TaskGroups].reverse() } };
    expect(diffPayloads(groups(2), reversed)).toEqual([
      { path: 'Job.TaskGroups[Name=web].Count', kind: 'changed', before: 2, after: 3 },
    ]);
  });

  it('compares by index when elements are not uniquely keyed', () => {
    const prev = { Node: { Events: [{ Message: 'a' }, { Message: 'b' }] } };
    const next = { Node: { Events: [{ Message: 'a' }, { Message: 'c' }, { Message: 'd' }] } };
    expect(diffPayloads(prev, next)).toEqual([
      { path: 'Node.Events[1].Message', kind: 'changed', before: 'b', after: 'c' },
      { path: 'Node.Events[2]', kind: 'added', after: { Message: 'd' } },
    ]);
    const dup = diffPayloads(
      {
        L: [
          { ID: 'x', v: 1 },
          { ID: 'x', v: 2 },
        ],
      },
      {
        L: [
          { ID: 'x', v: 1 },
          { ID: 'x', v: 3 },
        ],
      },
    );
    expect(dup.map((c) => c.path)).toEqual(['L[1].v']);
  });

  it('flags bookkeeping keys as noise, keeps them, and lists them after real changes', () => {
    const prev = allocPayload('running');
    const next = allocPayload('dead', { ModifyIndex: 42, AllocModifyIndex: 41, ModifyTime: 1714572190000000000 });
    const detailed = diffPayloadsDetailed(prev, next);
    expect(detailed.changes.map((c) => c.path)).toEqual(['Allocation.ClientStatus', 'Allocation.TaskStates.web.State']);
    expect(detailed.noise).toEqual([
      { path: 'Allocation.ModifyIndex', kind: 'changed', before: 40, after: 42, noise: true },
      { path: 'Allocation.AllocModifyIndex', kind: 'changed', before: 39, after: 41, noise: true },
      {
        path: 'Allocation.ModifyTime',
        kind: 'changed',
        before: 1714572189000000000,
        after: 1714572190000000000,
        noise: true,
      },
    ]);
    expect(detailed.truncated).toBe(false);
    const flat = diffPayloads(prev, next);
    expect(flat.map((c) => Boolean(c.noise))).toEqual([false, false, true, true, true]);
  });

  it('treats everything below a noise key as noise', () => {
    const d = diffPayloadsDetailed({ X: { ModifyTime: { a: 1 } } }, { X: { ModifyTime: { a: 2 } } });
    expect(d.changes).toEqual([]);
    expect(d.noise.map((c) => c.path)).toEqual(['X.ModifyTime.a']);
  });

  it('caps the number of changes and says it truncated', () => {
    const prev: Record<string, number> = {};
    const next: Record<string, number> = {};
    for (let i = 0; i < 50; i++) {
      prev[`k${i}`] = i;
      next[`k${i}`] = i + 1;
    }
    const d = diffPayloadsDetailed(prev, next, { maxChanges: 10 });
    expect(d.changes).toHaveLength(10);
    expect(d.changes[9]!.path).toBe('k9');
    expect(d.truncated).toBe(true);
    expect(diffPayloadsDetailed(prev, next).truncated).toBe(false);
    expect(diffPayloadsDetailed(prev, next).changes).toHaveLength(50);
  });

  it('keeps walking for real changes when only the noise list is full', () => {
    const prev = { A: { ModifyIndex: 1 }, B: { ModifyIndex: 1 }, C: { Status: 'x' } };
    const next = { A: { ModifyIndex: 2 }, B: { ModifyIndex: 2 }, C: { Status: 'y' } };
    const d = diffPayloadsDetailed(prev, next, { maxChanges: 1 });
    expect(d.noise.map((c) => c.path)).toEqual(['A.ModifyIndex']);
    expect(d.changes.map((c) => c.path)).toEqual(['C.Status']);
    expect(d.truncated).toBe(true);
  });

  it('reports a differing subtree below maxDepth as one change', () => {
    const prev = { a: { b: { c: { d: 1 } } } };
    const next = { a: { b: { c: { d: 2 } } } };
    expect(diffPayloads(prev, next, { maxDepth: 2 })).toEqual([
      { path: 'a.b', kind: 'changed', before: { c: { d: 1 } }, after: { c: { d: 2 } } },
    ]);
    expect(diffPayloads({ a: { b: { c: 1 } } }, { a: { b: { c: 1 } } }, { maxDepth: 1 })).toEqual([]);
    expect(diffPayloads(prev, next)[0]!.path).toBe('a.b.c.d');
  });

  it('handles non-object payloads and type changes', () => {
    expect(diffPayloads(undefined, { a: 1 })).toEqual([{ path: '', kind: 'added', after: { a: 1 } }]);
    expect(diffPayloads({ a: [1] }, { a: { 0: 1 } })).toEqual([
      { path: 'a', kind: 'changed', before: [1], after: { 0: 1 } },
    ]);
    expect(diffPayloads('x', 'x')).toEqual([]);
    expect(diffPayloads(null, 'x')).toEqual([{ path: '', kind: 'changed', before: null, after: 'x' }]);
  });

  it('does not hang on cyclic input', () => {
    const a: Record<string, unknown> = { v: 1 };
    a.self = a;
    const b: Record<string, unknown> = { v: 2 };
    b.self = b;
    const d = diffPayloadsDetailed(a, b, { maxChanges: 5 });
    expect(d.changes.length).toBeGreaterThan(0);
    expect(d.changes[0]).toEqual({ path: 'v', kind: 'changed', before: 1, after: 2 });
  });

  it('diffs realistic 4 KB payloads quickly enough to run per click', () => {
    const big = (n: number) => ({
      Allocation: {
        ID: 'a',
        TaskStates: Object.fromEntries(
          Array.from({ length: 10 }, (_, t) => [
            `task-${t}`,
            {
              State: 'running',
              Restarts: n,
              Events: Array.from({ length: 6 }, (_, i) => ({
                Type: 'Started',
                Time: i,
                DisplayMessage: 'Task started',
              })),
            },
          ]),
        ),
      },
    });
    const prev = big(0);
    const next = big(1);
    expect(JSON.stringify(prev).length).toBeGreaterThan(4000);
    const changes = diffPayloads(prev, next);
    expect(changes).toHaveLength(10);
    expect(changes[0]!.path).toBe('Allocation.TaskStates.task-0.Restarts');
  });
});

describe('formatChangeValue', () => {
  it('shows compact JSON, a dash for absent values, and cuts long values', () => {
    expect(formatChangeValue('running')).toBe('"running"');
    expect(formatChangeValue(null)).toBe('null');
    expect(formatChangeValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(formatChangeValue(undefined)).toBe('—');
    const long = formatChangeValue('x'.repeat(500), 20);
    expect(long).toHaveLength(20);
    expect(long.endsWith('…')).toBe(true);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(formatChangeValue(cyclic)).toBe('[object Object]');
  });
});
