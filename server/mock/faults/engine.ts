/**
 * The mock's fault layer (issue 9): sits at the entry of every /v1 request and WebSocket
 * upgrade, decides per connection — from a seeded PRNG, in arrival order — which faults
 * apply, and hands the route a response (or socket) whose bytes go through FaultyOutput.
 * It also keeps the open /v1 sockets, so a simulated restart can cut them all and refuse
 * new ones for a while. With no configuration a request costs a prefix test and a Set.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { writeError } from '../../http/respond.ts';
import { createRng, type Rng } from '../prng.ts';
import type { ErrorKind, FaultConfig } from './config.ts';
import type { UnitKind } from './garble.ts';
import { emptyCounters, FaultyOutput, type ConnectionPlan, type FaultCounters, type OutputTarget } from './output.ts';

/** How a matched connection behaves: a plain answer, a long-lived stream, or a WebSocket. */
export type ConnectionKind = { type: 'plain' } | { type: 'stream'; units: UnitKind | undefined } | { type: 'socket' };

const ERROR_ANSWERS: Record<ErrorKind, [number, string]> = {
  '500': [500, 'Internal Server Error'],
  '502': [502, 'Bad Gateway'],
  '503': [503, 'Service Unavailable'],
  // Nomad's structs.ErrNoLeader text, as the HTTP layer writes it.
  'no-leader': [500, 'No cluster leader'],
};

const isTrue = (v: string | null) => v !== null && /^(1|t|true)$/i.test(v);

/** Streams are the responses that stay open; their bytes have line or frame boundaries. */
export function connectionKind(url: URL): ConnectionKind {
  const path = url.pathname;
  if (path === '/v1/event/stream') return { type: 'stream', units: 'line' };
  if (path.startsWith('/v1/client/fs/stream/')) return { type: 'stream', units: 'frame' };
  if (path.startsWith('/v1/client/fs/logs/') && isTrue(url.searchParams.get('follow'))) {
    return { type: 'stream', units: isTrue(url.searchParams.get('plain')) ? undefined : 'frame' };
  }
  return { type: 'plain' };
}

function between(rng: Rng, [lo, hi]: readonly [number, number]): number {
  return rng.int(lo, hi);
}

/**
 * Ends a connection abruptly once the bytes already written left the process (destroy()
 * alone would discard them, and "after N bytes" would mean fewer). A reset may still lose
 * bytes in flight, as it does on a real network.
 */
function killSocket(socket: Duplex | null | undefined, reset: boolean, waited = 0): void {
  if (!socket || socket.destroyed) return;
  if (socket.writableLength > 0 && waited < 200) {
    setTimeout(() => killSocket(socket, reset, waited + 1), 5).unref();
    return;
  }
  const s = socket as Partial<Socket>;
  if (reset && typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
  else socket.destroy();
}

type WriteFn = (chunk: unknown, encoding?: unknown, cb?: unknown) => boolean;
type EndFn = (chunk?: unknown, encoding?: unknown, cb?: unknown) => unknown;

function asBuffer(chunk: unknown, encoding: unknown): Buffer {
  if (typeof chunk === 'string')
    return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.alloc(0);
}

type Callback = (err?: Error | null) => void;
const callbackOf = (encoding: unknown, cb: unknown): Callback | undefined =>
  typeof encoding === 'function' ? (encoding as Callback) : typeof cb === 'function' ? (cb as Callback) : undefined;

/** Routes `write`/`end` of a response or socket through `output` (patched on the instance). */
function divert(
  stream: { write: WriteFn; end: EndFn },
  make: (target: OutputTarget) => FaultyOutput,
  kill: (reset: boolean) => void,
): FaultyOutput {
  const write = stream.write.bind(stream);
  const end = stream.end.bind(stream);
  const output = make({
    write: (chunk, cb) => write(chunk, cb),
    end: (chunk, cb) => {
      if (chunk) end(chunk, cb);
      else end(cb);
    },
    kill,
  });
  stream.write = (chunk, encoding, cb) => output.write(asBuffer(chunk, encoding), callbackOf(encoding, cb));
  stream.end = (chunk, encoding, cb) => {
    if (typeof chunk === 'function') output.end(undefined, chunk as Callback);
    else output.end(chunk == null ? undefined : asBuffer(chunk, encoding), callbackOf(encoding, cb));
    return stream;
  };
  return output;
}

export interface RestartResult {
  /** Connections cut. */
  closed: number;
  downtimeMs: number;
}

export class FaultEngine {
  private current: FaultConfig | undefined;
  private rng: Rng = createRng(1);
  private connections = 0;
  readonly counters: FaultCounters = emptyCounters();
  private readonly sockets = new Set<Duplex>();
  private downUntil = 0;

  constructor(
    initial: FaultConfig | undefined,
    private readonly now: () => number = Date.now,
  ) {
    if (initial) this.configure(initial);
  }

  get config(): FaultConfig | undefined {
    return this.current;
  }

  /** Replaces the whole configuration (undefined clears it); counters are kept. */
  configure(config: FaultConfig | undefined): void {
    this.current = config;
    this.rng = createRng(config?.seed ?? 1);
    this.connections = 0;
  }

  get down(): boolean {
    return this.downUntil > this.now();
  }

  /**
   * A simulated agent restart: every tracked /v1 connection is destroyed (except `spare`,
   * the control request's own), and new ones are refused for `downtimeMs`.
   */
  restart(downtimeMs: number, spare?: Duplex): RestartResult {
    this.downUntil = this.now() + downtimeMs;
    let closed = 0;
    for (const socket of [...this.sockets]) {
      if (socket === spare) continue;
      this.sockets.delete(socket);
      if (!socket.destroyed) closed++;
      socket.destroy();
    }
    return { closed, downtimeMs };
  }

  private track(socket: Duplex): void {
    if (this.sockets.has(socket)) return;
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private matches(config: FaultConfig, path: string): boolean {
    return path.startsWith('/v1/') && config.paths.some((p) => path.startsWith(p));
  }

  /** Draws every decision for one connection now, so the order of arrival fixes them. */
  private plan(
    config: FaultConfig,
    kind: ConnectionKind,
  ): { plan: ConnectionPlan; delay: number; error?: ErrorKind; rng: Rng } {
    const rng = this.rng;
    const streamLike = kind.type !== 'plain';
    let delay = 0;
    if (config.latency)
      delay = config.latency.ms + (config.latency.jitterMs > 0 ? rng.int(0, config.latency.jitterMs) : 0);
    let error: ErrorKind | undefined;
    if (kind.type === 'plain' && config.errors && rng.next() < config.errors.rate)
      error = rng.pick(config.errors.kinds);
    const plan: ConnectionPlan = { stallMs: 0, split: false };
    if (config.drop) {
      if (rng.next() < config.drop.rate) plan.dropAt = between(rng, config.drop.afterBytes);
      if (streamLike && config.drop.dropEveryMs) plan.dropAfterMs = Math.max(1, between(rng, config.drop.dropEveryMs));
    }
    if (config.stall && streamLike && rng.next() < config.stall.rate) {
      plan.stallAt = between(rng, config.stall.afterBytes);
      plan.stallMs = config.stall.ms;
    }
    if (config.drip && rng.next() < config.drip.rate) {
      const from = between(rng, config.drip.afterBytes);
      plan.drip = { from, to: from + config.drip.bytes, maxDelayMs: config.drip.maxDelayMs };
    }
    if (config.split && rng.next() < config.split.rate) plan.split = true;
    if (config.garble && kind.type === 'stream' && kind.units)
      plan.garble = { kind: kind.units, rate: config.garble.rate };
    const result = { plan, delay, rng: rng.fork(`connection-${++this.connections}`) };
    return error ? { ...result, error } : result;
  }

  private static active(plan: ConnectionPlan): boolean {
    return (
      plan.dropAt !== undefined ||
      plan.dropAfterMs !== undefined ||
      plan.stallAt !== undefined ||
      plan.drip !== undefined ||
      plan.split ||
      plan.garble !== undefined
    );
  }

  /** Entry of every HTTP request the mock serves; `dispatch` runs the real route. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, dispatch: () => void): void {
    if (!url.pathname.startsWith('/v1/')) return dispatch();
    if (this.down) {
      req.socket.destroy();
      return;
    }
    this.track(req.socket);
    const config = this.current;
    if (!config || !this.matches(config, url.pathname)) return dispatch();
    this.counters.Requests++;
    const kind = connectionKind(url);
    const { plan, delay, error, rng } = this.plan(config, kind);
    const run = () => {
      if (res.destroyed || req.socket.destroyed) return;
      if (error) {
        this.counters.Errors++;
        const [status, text] = ERROR_ANSWERS[error];
        writeError(res, status, text);
        return;
      }
      if (FaultEngine.active(plan)) {
        // Frames must be visible to be garbled: answer uncompressed, as a proxy that strips it would.
        if (plan.garble?.kind === 'frame') delete req.headers['accept-encoding'];
        const output = divert(
          res as unknown as { write: WriteFn; end: EndFn },
          (target) => new FaultyOutput(target, plan, rng, this.counters),
          (reset) => killSocket(res.socket, reset),
        );
        res.once('close', () => output.closed());
      }
      dispatch();
    };
    if (delay > 0) {
      this.counters.Delayed++;
      setTimeout(run, delay).unref();
    } else run();
  }

  /** Entry of every WebSocket upgrade; `dispatch` returns whether a route claimed it. */
  upgrade(socket: Duplex, url: URL | undefined, dispatch: () => boolean): boolean {
    if (!url || !url.pathname.startsWith('/v1/')) return dispatch();
    if (this.down) {
      socket.destroy();
      return true;
    }
    this.track(socket);
    const config = this.current;
    if (!config || !this.matches(config, url.pathname)) return dispatch();
    this.counters.Requests++;
    const { plan, delay, rng } = this.plan(config, { type: 'socket' });
    if (FaultEngine.active(plan)) {
      const output = divert(
        socket as unknown as { write: WriteFn; end: EndFn },
        (target) => new FaultyOutput(target, plan, rng, this.counters),
        (reset) => killSocket(socket, reset),
      );
      socket.once('close', () => output.closed());
    }
    if (delay <= 0) return dispatch();
    this.counters.Delayed++;
    setTimeout(() => {
      if (socket.destroyed) return;
      if (!dispatch()) socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    }, delay).unref();
    return true;
  }
}
