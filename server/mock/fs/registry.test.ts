import { afterEach, describe, expect, it } from 'vitest';
import type { Timers } from '../events/timers.ts';
import { createRuntime, type MockRuntime } from '../runtime.ts';
import { FIXED_NOW } from '../test-harness.ts';
import { fileSize } from '../logs/log-stream.ts';

/** Timers that only fire when the test says so. */
function manualTimers(): Timers & { fire(): void } {
  const every = new Set<() => void>();
  return {
    every(_ms, fn) {
      every.add(fn);
      return () => every.delete(fn);
    },
    after(_ms, fn) {
      every.add(fn);
      return () => every.delete(fn);
    },
    fire() {
      [...every].forEach((fn) => fn());
    },
  };
}

let rt: MockRuntime | undefined;
afterEach(async () => {
  await rt?.cluster.close();
  rt = undefined;
});

function setup(opts: { logRate?: number; logFirehose?: number } = {}) {
  let now = FIXED_NOW;
  const timers = manualTimers();
  rt = createRuntime({ seed: 1, now: () => now, timers, ...opts });
  const allocs = rt.store.list('allocs');
  const running = allocs.find((a) => a.JobID === 'web-frontend' && a.ClientStatus === 'running')!;
  const done = allocs.find((a) => a.JobID === 'db-migrate')!;
  const advance = (ms: number) => {
    now += ms;
    timers.fire();
  };
  return { rt, running, done, advance, taskOf: (a: typeof running) => Object.keys(a.TaskStates!)[0]! };
}

describe('log writers', () => {
  it('grow running tasks at the configured rate (stderr a fifth) and leave terminal ones alone', () => {
    const { rt, running, done, advance, taskOf } = setup({ logRate: 10 });
    const fs = rt.fs.fsFor(running);
    const doneFs = rt.fs.fsFor(done);
    const out = fs.logStream(taskOf(running), 'stdout')!;
    const err = fs.logStream(taskOf(running), 'stderr')!;
    const doneOut = doneFs.logStream(taskOf(done), 'stdout')!;
    const [o0, e0, d0] = [out.recordCount, err.recordCount, doneOut.recordCount];
    for (let i = 0; i < 50; i++) advance(100);
    expect(out.recordCount - o0).toBeGreaterThanOrEqual(50);
    expect(out.recordCount - o0).toBeLessThanOrEqual(50 + 50 * 5);
    expect(err.recordCount - e0).toBe(10);
    expect(doneOut.recordCount).toBe(d0);
  });

  it('freeze stops a task writer, unfreeze resumes, burst writes at once, rate changes it', () => {
    const { rt, running, advance, taskOf } = setup({ logRate: 10 });
    const task = taskOf(running);
    const out = rt.fs.fsFor(running).logStream(task, 'stdout')!;
    expect(rt.fs.setFrozen(running.ID, task, true)).toBe(true);
    const before = out.recordCount;
    for (let i = 0; i < 20; i++) advance(100);
    expect(out.recordCount).toBe(before);
    rt.fs.burst(running.ID, task, 'stdout', 123);
    expect(out.recordCount).toBe(before + 123);
    rt.fs.setFrozen(running.ID, task, false);
    rt.fs.setRate(running.ID, task, 'stdout', 1000);
    advance(100);
    expect(out.recordCount - before - 123).toBeGreaterThanOrEqual(100);
  });

  it('a firehose keeps memory bounded: old files are deleted beyond the task LogConfig.MaxFiles', () => {
    const { rt, running, advance, taskOf } = setup({ logFirehose: 20_000 });
    const out = rt.fs.fsFor(running).logStream(taskOf(running), 'stdout')!;
    for (let i = 0; i < 30; i++) advance(100);
    expect(out.recordCount).toBeGreaterThan(50_000);
    expect(out.list().length).toBeLessThanOrEqual(10);
    const bytes = out.list().reduce((n, f) => n + fileSize(f), 0);
    expect(bytes).toBeLessThanOrEqual(10 * (512 * 1024 + 110_000));
  });

  it('truncates the live stdout of log-shipper tasks every 3000 ticks, and nobody else', () => {
    const { rt, running, advance, taskOf } = setup({ logRate: 10 });
    const shipper = rt.store.list('allocs').find((a) => a.JobID === 'log-shipper' && a.ClientStatus === 'running')!;
    const ship = rt.fs.fsFor(shipper).logStream(taskOf(shipper), 'stdout')!;
    const web = rt.fs.fsFor(running).logStream(taskOf(running), 'stdout')!;
    const events: string[] = [];
    ship.subscribe((e) => events.push(e.kind));
    web.subscribe((e) => events.push(`web:${e.kind}`));
    for (let i = 0; i < 2999; i++) advance(100);
    expect(events.filter((e) => e === 'truncate')).toEqual([]);
    advance(100);
    expect(events.filter((e) => e === 'truncate')).toEqual(['truncate']);
    expect(events).not.toContain('web:truncate');
  });

  it('forgets the directory and writers of a garbage-collected allocation', () => {
    const { rt, running, advance } = setup({ logRate: 10 });
    const fs = rt.fs.fsFor(running);
    expect(rt.fs.describe().some((w) => w.AllocID === running.ID)).toBe(true);
    rt.store.commit('AllocationUpdated', (txn) => txn.delete('allocs', running.ID));
    advance(100);
    expect(rt.fs.describe().some((w) => w.AllocID === running.ID)).toBe(false);
    expect(rt.fs.fsFor(running)).not.toBe(fs);
  });

  it('builds an alloc dir once, deterministically per seed and alloc', () => {
    const { rt, running } = setup({ logRate: 0 });
    const a = rt.fs.fsFor(running);
    expect(rt.fs.fsFor(running)).toBe(a);
    const other = createRuntime({ seed: 1, now: () => FIXED_NOW, logRate: 0 });
    try {
      const b = other.fs.fsFor(running);
      expect(JSON.stringify(b.list('alloc/logs'))).toBe(JSON.stringify(a.list('alloc/logs')));
      expect(b.read('alloc/data/snapshot.bin', 0, 4096).equals(a.read('alloc/data/snapshot.bin', 0, 4096))).toBe(true);
    } finally {
      void other.cluster.close();
    }
  });
});
