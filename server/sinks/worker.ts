/**
 * One delivery worker per sink: follows the event stream with the sink's topics and POSTs
 * every batch, in order, to the sink's address. A 2xx is a delivery; anything else (and any
 * transport error) is retried with exponential backoff and jitter until it succeeds — the
 * worker never moves past an undelivered batch. Unlike the beta (which ignored status codes
 * and skipped failed batches), a receiver that is down simply makes the sink fall behind.
 *
 * Resuming: the stream is opened at `LatestIndex` inclusive, because one raft index can span
 * several stream lines (e.g. a job and its evaluation); the lines at that index that were
 * already delivered (`LatestIndexLines`) are skipped, everything after is delivered. After a
 * crash the persisted progress may be older, so some batches are delivered twice
 * (at-least-once). Events evicted from the upstream's buffer while a sink is behind are gone
 * (the stream starts at its oldest batch); that is Nomad's limit, not ours.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { StoredSink } from './store.ts';
import { describeError, openStream, postWebhook, type PostResult, type Upstream } from './upstream.ts';
import { topicQuery } from './validate.ts';

export const SIGNATURE_HEADER = 'X-Nomad-Live-Signature';
export const SINK_HEADER = 'X-Nomad-Live-Sink';
export const MAX_ATTEMPTS_LOGGED = 50;
/** Consecutive failures from which a sink counts as `failing` rather than `retrying`. */
export const FAILING_AFTER = 3;

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 60_000 };

/** Delay before retry number `attempt` (1-based): doubling from base up to max, with "equal jitter" (half fixed, half random). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Resolves after `ms`, or early (without error) when `signal` aborts; the timer never outlives the abort. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface DeliveryAttempt {
  Time: string;
  Index: number;
  Events: number;
  /** 0 = no HTTP response (see Error). */
  StatusCode: number;
  LatencyMs: number;
  Error: string;
  Test: boolean;
}

export interface DeliveryState {
  SinkID: string;
  State: 'idle' | 'healthy' | 'retrying' | 'failing';
  LastSuccessTime: string | null;
  LastSuccessIndex: number;
  LastError: string;
  LastErrorTime: string | null;
  ConsecutiveFailures: number;
  NextRetryTime: string | null;
  EventsDelivered: number;
  BatchesDelivered: number;
  StreamConnected: boolean;
  StreamError: string;
  Attempts: DeliveryAttempt[];
}

export function emptyDeliveryState(id: string): DeliveryState {
  return {
    SinkID: id,
    State: 'idle',
    LastSuccessTime: null,
    LastSuccessIndex: 0,
    LastError: '',
    LastErrorTime: null,
    ConsecutiveFailures: 0,
    NextRetryTime: null,
    EventsDelivered: 0,
    BatchesDelivered: 0,
    StreamConnected: false,
    StreamError: '',
    Attempts: [],
  };
}

export interface WorkerDeps {
  upstream: () => Promise<Upstream>;
  /** A batch was delivered: progress is now (index, lines delivered at that index). */
  onProgress: (index: number, lines: number, epoch: string | undefined) => void;
  /** Delivery state changed (for blocking reads of /deliveries). */
  onStateChange: () => void;
  backoff?: BackoffPolicy;
  random?: () => number;
  now?: () => number;
  postTimeoutMs?: number;
  log?: (line: string) => void;
}

interface Batch {
  Index?: number;
  Events?: unknown[] | null;
}

/** Splits a byte stream into lines; reading pauses while the consumer is busy (backpressure). */
async function* lines(res: IncomingMessage): AsyncGenerator<string> {
  let buffered = '';
  res.setEncoding('utf8');
  for await (const chunk of res) {
    buffered += chunk as string;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (line !== '') yield line;
    }
  }
  if (buffered.trim() !== '') yield buffered.trim();
}

export class SinkWorker {
  readonly state: DeliveryState;
  private readonly controller = new AbortController();
  private loop: Promise<void> | undefined;
  private progress: { index: number; lines: number };
  private epoch: string | undefined;
  private epochChecked = false;
  /** Aborted to cut a backoff wait short (a successful test send means the receiver is back). */
  private wake = new AbortController();

  constructor(
    readonly sink: StoredSink,
    private readonly deps: WorkerDeps,
    previous?: DeliveryState,
    /** Started from the data directory at server start (progress may predate this upstream). */
    private readonly fromDisk = false,
  ) {
    // A restarted worker keeps the delivery history; only the stream status starts over.
    this.state = previous
      ? { ...previous, StreamConnected: false, StreamError: '', NextRetryTime: null }
      : emptyDeliveryState(sink.ID);
    this.progress = { index: sink.LatestIndex, lines: sink.LatestIndexLines };
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private changed(): void {
    const s = this.state;
    s.State =
      s.Attempts.length === 0 && s.BatchesDelivered === 0
        ? s.ConsecutiveFailures > 0
          ? 'retrying'
          : 'idle'
        : s.ConsecutiveFailures === 0
          ? 'healthy'
          : s.ConsecutiveFailures >= FAILING_AFTER
            ? 'failing'
            : 'retrying';
    this.deps.onStateChange();
  }

  start(): void {
    this.loop ??= this.run().catch((err: unknown) => {
      this.deps.log?.(`sinks: worker for ${this.sink.ID} stopped: ${describeError(err)}`);
    });
  }

  /** Stops the stream, any in-flight POST and any pending retry timer. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
  }

  private headers(body: string, test: boolean): Record<string, string> {
    const h: Record<string, string> = { ...(this.sink.Headers ?? {}), [SINK_HEADER]: this.sink.ID };
    if (test) h['X-Nomad-Live-Test'] = 'true';
    if (this.sink.Secret) h[SIGNATURE_HEADER] = signBody(this.sink.Secret, body);
    return h;
  }

  private record(result: PostResult, index: number, events: number, test: boolean): void {
    const attempt: DeliveryAttempt = {
      Time: new Date(this.now()).toISOString(),
      Index: index,
      Events: events,
      StatusCode: result.status,
      LatencyMs: result.latencyMs,
      Error: result.error || (result.status >= 200 && result.status < 300 ? '' : `HTTP ${result.status}`),
      Test: test,
    };
    this.state.Attempts.unshift(attempt);
    this.state.Attempts.length = Math.min(this.state.Attempts.length, MAX_ATTEMPTS_LOGGED);
  }

  /** POSTs a synthetic batch; progress is not touched. */
  async sendTest(): Promise<PostResult> {
    const batch = {
      Index: 0,
      Events: [
        {
          FilterKeys: null,
          Index: 0,
          Key: this.sink.ID,
          Namespace: '',
          Payload: { Message: 'nomad-live test event' },
          Topic: 'NomadLive',
          Type: 'SinkTest',
        },
      ],
    };
    const body = `${JSON.stringify(batch)}\n`;
    const result = await postWebhook(
      this.sink.Address,
      body,
      this.headers(body, true),
      this.controller.signal,
      this.deps.postTimeoutMs,
    );
    this.record(result, 0, 1, true);
    this.deps.onStateChange();
    if (result.status >= 200 && result.status < 300) this.wake.abort();
    return result;
  }

  /** Delivers one batch, retrying until a 2xx; false when stopped first. */
  private async deliver(line: string, index: number, events: number): Promise<boolean> {
    const signal = this.controller.signal;
    const body = `${line}\n`;
    const headers = this.headers(body, false);
    for (;;) {
      const result = await postWebhook(this.sink.Address, body, headers, signal, this.deps.postTimeoutMs);
      if (signal.aborted) return false;
      this.record(result, index, events, false);
      const s = this.state;
      if (result.status >= 200 && result.status < 300) {
        s.LastSuccessTime = new Date(this.now()).toISOString();
        s.LastSuccessIndex = index;
        s.ConsecutiveFailures = 0;
        s.NextRetryTime = null;
        s.EventsDelivered += events;
        s.BatchesDelivered += 1;
        this.changed();
        return true;
      }
      s.ConsecutiveFailures += 1;
      s.LastError = result.error || `HTTP ${result.status}`;
      s.LastErrorTime = new Date(this.now()).toISOString();
      const delay = backoffDelay(s.ConsecutiveFailures, this.deps.backoff, this.deps.random);
      s.NextRetryTime = new Date(this.now() + delay).toISOString();
      this.changed();
      this.wake = new AbortController();
      await sleep(delay, AbortSignal.any([signal, this.wake.signal]));
      if (signal.aborted) return false;
    }
  }

  private async run(): Promise<void> {
    const signal = this.controller.signal;
    let streamFailures = 0;
    while (!signal.aborted) {
      let gotLine = false;
      try {
        const up = await this.deps.upstream();
        this.epoch = up.epoch;
        if (!this.epochChecked) {
          this.epochChecked = true;
          const recorded = this.sink.Epoch;
          const foreign = recorded === undefined ? this.fromDisk : recorded !== up.epoch;
          if (up.epoch !== undefined && foreign && this.progress.index > 0) {
            // The events behind LatestIndex belong to an earlier mock cluster: start over
            // with the new cluster's buffer rather than wait for its indexes to catch up.
            this.deps.log?.(
              `sinks: ${this.sink.ID}: the event history restarted (new mock cluster); delivering from its oldest buffered event`,
            );
            this.progress = { index: 0, lines: 0 };
          }
        }
        const query = topicQuery(this.sink.Topics);
        const res = await openStream(
          up,
          `/v1/event/stream?index=${this.progress.index}${query ? `&${query}` : ''}`,
          up.token,
          signal,
        );
        if (res.statusCode !== 200) {
          let text = '';
          for await (const chunk of res) text += String(chunk);
          throw new Error(`event stream answered HTTP ${res.statusCode}: ${text.trim().slice(0, 200)}`);
        }
        this.state.StreamConnected = true;
        this.state.StreamError = '';
        this.deps.onStateChange();
        // Lines at the resume index that were delivered before this connection.
        const skipAt = this.progress.index;
        const skipLines = this.progress.lines;
        let seenAtSkip = 0;
        for await (const line of lines(res)) {
          gotLine = true;
          streamFailures = 0;
          let batch: Batch;
          try {
            batch = JSON.parse(line) as Batch;
          } catch {
            throw new Error(`event stream sent a line that is not JSON: ${line.slice(0, 80)}`);
          }
          const index = batch.Index ?? 0;
          const events = Array.isArray(batch.Events) ? batch.Events.length : 0;
          if (index === 0 && events === 0) continue; // heartbeat `{}`
          if (index < skipAt) continue;
          if (index === skipAt && skipAt > 0 && ++seenAtSkip <= skipLines) continue;
          if (!(await this.deliver(line, index, events))) return;
          this.progress =
            index === this.progress.index ? { index, lines: this.progress.lines + 1 } : { index, lines: 1 };
          this.deps.onProgress(this.progress.index, this.progress.lines, this.epoch);
        }
        if (signal.aborted) return;
        throw new Error(
          gotLine
            ? 'event stream closed by the server'
            : 'event stream closed before sending anything (does the token allow these topics?)',
        );
      } catch (err) {
        if (signal.aborted) return;
        streamFailures += 1;
        this.state.StreamConnected = false;
        this.state.StreamError = describeError(err);
        this.deps.onStateChange();
      }
      await sleep(backoffDelay(streamFailures, this.deps.backoff, this.deps.random), signal);
    }
  }
}
