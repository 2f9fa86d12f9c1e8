import { describe, expect, it, vi } from 'vitest';
import type { NomadEvent } from '@/lib/nomad/types.ts';
import { TimelineStore, viewIndexOf, viewLength, viewRow, type ViewWindow } from './timeline-store.ts';

function ev(index: number, key: string, topic = 'Allocation', type = 'AllocationUpdated'): NomadEvent {
  return { FilterKeys: null, Index: index, Key: key, Namespace: 'default', Payload: {}, Topic: topic, Type: type };
}

/** A store whose frames the test runs by hand. */
function makeStore(capacity = 5, start = 1_000_000) {
  let clock = start;
  const frames: (() => void)[] = [];
  const store = new TimelineStore({
    capacity,
    now: () => clock,
    schedule: (publish) => {
      frames.push(publish);
      return () => frames.splice(frames.indexOf(publish), 1);
    },
  });
  const runFrame = () => frames.splice(0).forEach((f) => f());
  return { store, frames, runFrame, advance: (ms: number) => (clock += ms) };
}

const keys = (view: ViewWindow) =>
  Array.from({ length: viewLength(view) }, (_, i) => viewRow(view, i)!.event.Key).join(',');

describe('TimelineStore', () => {
  it('publishes at most once per frame, however many events arrive', () => {
    const { store, frames, runFrame } = makeStore(100);
    const listener = vi.fn();
    const off = store.subscribe(listener);
    const before = store.getSnapshot();
    for (let i = 1; i <= 50; i++) store.ingest([ev(i, `k${i}`)]);
    expect(frames).toHaveLength(1);
    expect(store.getSnapshot()).toBe(before); // React sees nothing until the frame
    runFrame();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(viewLength(store.getSnapshot().view)).toBe(50);
    expect(store.getSnapshot().lastIndex).toBe(50);
    off();
  });

  it('keeps a bounded ring, counts what it dropped, and keeps counts by topic for what it holds', () => {
    const { store } = makeStore(3);
    store.ingest([ev(1, 'a', 'Job'), ev(2, 'b', 'Node'), ev(3, 'c', 'Node')]);
    store.ingest([ev(4, 'd', 'Allocation'), ev(5, 'e', 'Node')]);
    store.flush();
    const s = store.getSnapshot();
    expect(keys(s.view)).toBe('c,d,e');
    expect(s).toMatchObject({ size: 3, capacity: 3, dropped: 2, received: 5 });
    expect(s.counts).toEqual({ Node: 2, Allocation: 1 });
    expect(store.bufferedEvents().map((e) => e.Key)).toEqual(['c', 'd', 'e']);
  });

  it('gives every row a unique, increasing arrival number, even for identical events', () => {
    const { store } = makeStore(10);
    store.ingest([ev(1, 'same'), ev(1, 'same')]);
    store.flush();
    const { view } = store.getSnapshot();
    expect([viewRow(view, 0)!.seq, viewRow(view, 1)!.seq]).toEqual([1, 2]);
    expect(viewIndexOf(view, 2)).toBe(1);
    expect(viewIndexOf(view, 9)).toBe(-1);
  });

  it('never changes a published view window under a render that holds it', () => {
    const { store } = makeStore(4);
    store.ingest([ev(1, 'a'), ev(2, 'b')]);
    store.flush();
    const held = store.getSnapshot().view;
    for (let i = 3; i < 5000; i++) store.ingest([ev(i, `k${i}`)]); // forces trims and compactions
    expect(keys(held)).toBe('a,b');
    store.flush();
    expect(keys(store.getSnapshot().view)).toBe('k4996,k4997,k4998,k4999');
  });

  it('filters by type and text instantly, and counts only matches as new while paused', () => {
    const { store } = makeStore(100);
    store.ingest([ev(1, 'web-1', 'Allocation', 'PlanResult'), ev(2, 'api-1', 'Allocation', 'AllocationUpdated')]);
    store.setFacets({ types: ['PlanResult'], q: '' });
    expect(keys(store.getSnapshot().view)).toBe('web-1');
    store.setFacets({ types: [], q: 'API' });
    expect(keys(store.getSnapshot().view)).toBe('api-1');
    store.pause();
    store.ingest([ev(3, 'api-2'), ev(4, 'web-2')]);
    store.flush();
    expect(store.getSnapshot()).toMatchObject({ paused: true, pendingNew: 1 });
    expect(keys(store.getSnapshot().view)).toBe('api-1');
    expect(store.getSnapshot().types).toEqual(['AllocationUpdated', 'PlanResult']);
  });

  it('keeps receiving while paused, shows "N new", and resume shows everything', () => {
    const { store } = makeStore(100);
    store.ingest([ev(1, 'a')]);
    store.pause();
    store.ingest([ev(2, 'b'), ev(3, 'c')]);
    store.ingest([ev(4, 'd')]);
    store.flush();
    expect(keys(store.getSnapshot().view)).toBe('a');
    expect(store.getSnapshot().pendingNew).toBe(3);
    expect(store.getSnapshot().size).toBe(4);
    store.resume();
    expect(keys(store.getSnapshot().view)).toBe('a,b,c,d');
    expect(store.getSnapshot().pendingNew).toBe(0);
  });

  it('measures events per second over the last minute, decaying to zero', () => {
    const { store, advance } = makeStore(1000, 10_000);
    store.ingest([ev(1, 'a'), ev(1, 'b'), ev(1, 'c')]);
    advance(1000);
    store.ingest([ev(2, 'd')]);
    advance(1000);
    store.flush();
    expect(store.getSnapshot().rate.slice(-2)).toEqual([3, 1]);
    advance(5000);
    store.flush();
    expect(store.getSnapshot().rate.slice(-3)).toEqual([0, 0, 0]);
    expect(store.getSnapshot().rate).toHaveLength(60);
  });

  it('finds the previous event for the same topic and key, and resizes keeping the newest', () => {
    const { store } = makeStore(10);
    store.ingest([ev(1, 'x'), ev(2, 'y'), ev(3, 'x', 'Node'), ev(4, 'x')]);
    const latest = store.find(4)!;
    expect(store.previousOf(latest)?.seq).toBe(1);
    expect(store.previousOf(store.find(1)!)).toBeUndefined();
    store.setCapacity(2);
    expect(keys(store.getSnapshot().view)).toBe('x,x');
    expect(store.getSnapshot()).toMatchObject({ size: 2, dropped: 2, counts: { Node: 1, Allocation: 1 } });
    expect(store.find(1)).toBeUndefined();
    expect(store.previousOf(latest)).toBeUndefined();
  });

  it('stops its clock and pending frame when the last listener leaves', () => {
    const { store, frames } = makeStore();
    const off = store.subscribe(() => undefined);
    store.ingest([ev(1, 'a')]);
    expect(frames).toHaveLength(1);
    off();
    expect(frames).toHaveLength(0);
  });
});
