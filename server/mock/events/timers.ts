/**
 * The timers the event broker and the scenario engine use, injectable so tests can run
 * them on a fake clock. Each call returns its own cancel function.
 */

export interface Timers {
  /** Calls `fn` every `ms` milliseconds until cancelled. */
  every(ms: number, fn: () => void): () => void;
  /** Calls `fn` once after `ms` milliseconds unless cancelled first. */
  after(ms: number, fn: () => void): () => void;
}

/**
 * Node's timers, unref'd: a stream's own socket keeps the process alive while it is open,
 * and a forgotten scenario loop must never keep a test runner or a stopped server running.
 */
export const realTimers: Timers = {
  every(ms, fn) {
    const handle = setInterval(fn, ms);
    handle.unref();
    return () => clearInterval(handle);
  },
  after(ms, fn) {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return () => clearTimeout(handle);
  },
};
