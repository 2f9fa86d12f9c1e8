import { describe, expect, it } from 'vitest';
import { createRuntime } from '../runtime.ts';
import { FIXED_NOW } from '../test-harness.ts';
import type { Timers } from '../events/timers.ts';
import { createClientServices } from './services.ts';

/** A manual clock: timers fire only when the test advances it. */
function fakeTimers() {
  let now = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  let seq = 0;
  const timers: Timers = {
    every: () => () => {},
    after(ms, fn) {
      const id = ++seq;
      pending.set(id, { at: now + ms, fn });
      return () => pending.delete(id);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, t] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= now && pending.delete(id)) t.fn();
    }
  };
  return { timers, advance, pending };
}

describe('lifecycle timers', () => {
  it('replace a stopped allocation step by step on the injected clock, and stop when the runtime closes', async () => {
    const fake = fakeTimers();
    const rt = createRuntime({ seed: 1, now: () => FIXED_NOW, timers: fake.timers, lifecycleDelayMs: 100 });
    const { store } = rt;
    const alloc = store
      .list('allocs')
      .find((a) => a.ClientStatus === 'running' && a.DesiredStatus === 'run' && a.Job.Type === 'service')!;
    const types: string[] = [];
    store.subscribe((c) => types.push(c.type));
    // The same service the stop route uses, on the fake clock.
    const services = createClientServices(rt.deps, { lifecycleDelayMs: 100, timers: fake.timers });
    services.lifecycle.stop(alloc, false);
    expect(types).toEqual(['AllocationUpdateDesiredStatus']);
    fake.advance(100);
    expect(types).toEqual(['AllocationUpdateDesiredStatus', 'PlanResult', 'EvaluationUpdated']);
    const next = store.get('allocs', alloc.ID)!.NextAllocation;
    expect(store.get('allocs', next)!.ClientStatus).toBe('pending');
    await rt.cluster.close();
    fake.advance(1000);
    expect(types).toHaveLength(3);
    expect(store.get('allocs', next)!.ClientStatus).toBe('pending');
  });

  it('are cancelled by a reset, whose reseeded allocations have the same IDs', async () => {
    const fake = fakeTimers();
    const rt = createRuntime({ seed: 1, now: () => FIXED_NOW, timers: fake.timers, lifecycleDelayMs: 100 });
    try {
      const alloc = rt.store
        .list('allocs')
        .find((a) => a.ClientStatus === 'running' && a.DesiredStatus === 'run' && a.Job.Type === 'service')!;
      const services = createClientServices(rt.deps, { lifecycleDelayMs: 100, timers: fake.timers });
      services.lifecycle.stop(alloc, false);
      rt.control.reset();
      fake.advance(1000);
      expect(rt.store.get('allocs', alloc.ID)).toMatchObject({ DesiredStatus: 'run', NextAllocation: '' });
    } finally {
      await rt.cluster.close();
    }
  });
});
