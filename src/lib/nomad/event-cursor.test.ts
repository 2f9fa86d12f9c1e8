import { describe, expect, it } from 'vitest';
import { EventCursor, dedupeWithinBatch, type EventLike } from './event-cursor';

const ev = (Index: number, Key: string, Topic = 'Job', extra: Record<string, unknown> = {}): EventLike =>
  ({ Index, Key, Topic, Type: 'JobRegistered', Namespace: 'default', ...extra }) as EventLike;
const batch = (Index: number, ...keys: string[]) => ({ Index, Events: keys.map((k) => ev(Index, k)) });

function keysOf(cursor: EventCursor, batches: ReturnType<typeof batch>[]) {
  return batches.flatMap((b) => {
    const a = cursor.admit(b);
    return a.kind === 'new' ? a.events.map((e) => `${e.Index}:${e.Key}`) : [];
  });
}

describe('EventCursor', () => {
  it('resumes at the last index and skips exactly the lines already delivered there', () => {
    const c = new EventCursor();
    // Two lines carry index 11 (job + eval of one registration); the drop came between them.
    expect(keysOf(c, [batch(10, 'a'), batch(11, 'job')])).toEqual(['10:a', '11:job']);
    expect(c.resumeIndex()).toBe(11);
    c.reconnected();
    // The server replays from 11 inclusive: both lines of 11, then new ones.
    expect(keysOf(c, [batch(11, 'job'), batch(11, 'eval'), batch(12, 'b')])).toEqual(['11:eval', '12:b']);
  });

  it('drops lines older than the cursor as re-deliveries', () => {
    const c = new EventCursor();
    keysOf(c, [batch(5, 'a'), batch(6, 'b')]);
    c.reconnected();
    expect(c.admit(batch(4, 'old'))).toEqual({ kind: 'duplicate' });
  });

  it('reports a possible gap when the replay does not start at the resume index', () => {
    const c = new EventCursor();
    keysOf(c, [batch(20, 'a')]);
    c.reconnected();
    const a = c.admit(batch(35, 'x'));
    expect(a).toMatchObject({ kind: 'new', gap: { after: 20, resumedAt: 35 } });
    // Only the first line after a reconnect can signal it.
    expect(c.admit(batch(36, 'y'))).not.toHaveProperty('gap');
  });

  it('does not report a gap when the replay starts where it should', () => {
    const c = new EventCursor();
    keysOf(c, [batch(20, 'a')]);
    c.reconnected();
    expect(c.admit(batch(20, 'a'))).toEqual({ kind: 'duplicate' });
    expect(c.admit(batch(21, 'b'))).not.toHaveProperty('gap');
  });

  it('has no resume index before the first event', () => {
    expect(new EventCursor().resumeIndex()).toBeUndefined();
  });
});

describe('dedupeWithinBatch', () => {
  it('keeps one copy of an event appended once per matching key', () => {
    const e = ev(3, 'alloc-1', 'Allocation');
    expect(dedupeWithinBatch([e, { ...e }, ev(3, 'alloc-2', 'Allocation')]).map((x) => x.Key)).toEqual([
      'alloc-1',
      'alloc-2',
    ]);
  });

  it('keeps distinct events that share topic, type and key', () => {
    const a = ev(3, 'web', 'Job', { Payload: { Deleted: false } });
    const b = ev(3, 'web', 'Job', { Payload: { Deleted: true } });
    expect(dedupeWithinBatch([a, b])).toHaveLength(2);
  });
});
