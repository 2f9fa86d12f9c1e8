import { useCallback, useSyncExternalStore } from 'react';

/**
 * The current time, re-read every `intervalMs`, for relative timestamps. One shared clock
 * per interval serves every subscriber, so a table of 500 rows does not start 500 timers,
 * and the snapshot only changes on a tick (as `useSyncExternalStore` requires).
 */
interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | undefined;
}

const clocks = new Map<number, Clock>();

function clockFor(intervalMs: number): Clock {
  let clock = clocks.get(intervalMs);
  if (!clock) {
    clock = { now: Date.now(), listeners: new Set(), timer: undefined };
    clocks.set(intervalMs, clock);
  }
  return clock;
}

function subscribe(intervalMs: number, listener: () => void): () => void {
  const clock = clockFor(intervalMs);
  clock.listeners.add(listener);
  if (clock.timer === undefined) {
    clock.now = Date.now(); // the clock may have slept while nobody watched
    clock.timer = setInterval(() => {
      clock.now = Date.now();
      for (const l of clock.listeners) l();
    }, intervalMs);
  }
  return () => {
    clock.listeners.delete(listener);
    if (clock.listeners.size === 0 && clock.timer !== undefined) {
      clearInterval(clock.timer);
      clock.timer = undefined;
    }
  };
}

export function useNow(intervalMs = 15_000): number {
  // A stable subscribe: a new one each render would unsubscribe and resubscribe on every
  // render, and resubscribing the last listener re-reads the clock, which renders again.
  const sub = useCallback((listener: () => void) => subscribe(intervalMs, listener), [intervalMs]);
  return useSyncExternalStore(sub, () => clockFor(intervalMs).now);
}
