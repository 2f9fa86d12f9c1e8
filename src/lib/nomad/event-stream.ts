/**
 * The transport for `/v1/event/stream`: one subscription's connection life, as a plain
 * class (no React). It streams ndjson through `apiStream`, decodes it with NdjsonDecoder,
 * resumes and de-duplicates with EventCursor, and reports a status a person can trust:
 *
 *   connecting → live ⇄ stalled / reconnecting → … → closed (with a reason)
 *
 * What it survives (nomad-api.md §1, §9): arbitrary chunking; `{}` heartbeats; a silent
 * connection (watchdog: no bytes for 1.5× the heartbeat interval → stalled → abort →
 * reconnect); ends and network failures (reconnect with exponential backoff and jitter,
 * resuming from the last index seen, without duplicates); an index that fell out of the
 * server's buffer (gap flag); malformed lines (counted, never thrown, and re-read from the
 * last good index — a bounded number of times — so a line garbled in transit loses nothing); the bare-text tail
 * line a ≤1.11.3 server appends when it ends a stream (kept as the close reason); and both
 * auth-failure styles — a 403 (≤1.11.3) or a 200 that closes with no bytes at all (2.x,
 * confirmed by one immediate retry, since a dropped connection can look the same) — which
 * close the stream with a message naming the ACL the topics need, without retrying more.
 */
import { describeMissing, requiredCapability } from './capabilities.ts';
import { EventCursor } from './event-cursor.ts';
import { apiStream, type ApiRequest } from './http.ts';
import { NdjsonDecoder, type NdjsonItem } from './ndjson.ts';
import { isAbortError, isNomadError } from './nomad-error.ts';
import { backoffDelay } from './retry-policy.ts';
import type { NomadEvent } from './types.ts';

export const EVENT_STREAM_PATH = '/v1/event/stream';
/** Nomad's fixed heartbeat cadence (`{}` every 30 s, not reset by traffic). */
export const DEFAULT_HEARTBEAT_MS = 30_000;
/**
 * A connection that stayed up this long, or that delivered new events, counts as healthy:
 * the backoff starts over. (A flaky network that drops every connection after a few
 * seconds must not push the retry delay so far that the resume index leaves the buffer.)
 */
const STABLE_MS = 10_000;
const MAX_TEXT = 200;
/** Re-reads from one index after undecodable lines before the line is given up on. */
export const MAX_REREADS = 5;
/**
 * Work budget per task while reading. When the body is already buffered, `reader.read()`
 * resolves as a microtask, so a flooded stream would decode in one endless task and the
 * page would never paint; past this budget the loop yields a task (and the socket backs up,
 * which is how a firehose learns the page's pace).
 */
const SLICE_MS = 8;

/**
 * "Live now". Nomad has no "from now" (nomad#11296): `index=0` replays the whole buffer,
 * and an index newer than the newest batch starts *at the newest batch*. Reading the
 * current raft index first would need a request that reports it for every token (the
 * `X-Nomad-Index` of a list is that table's index, not the raft index), so instead we ask
 * for an index no cluster will reach and accept that the first line may be the newest
 * buffered batch — at most one raft index of the present, which is what "now" shows.
 */
export const LIVE_INDEX = Number.MAX_SAFE_INTEGER;

export type StreamStart = { from: 'now' } | { from: 'buffer' } | { from: 'index'; index: number };

export type StreamState = 'connecting' | 'live' | 'stalled' | 'reconnecting' | 'closed';

/** Why a stream is closed: stopped by us, refused by ACL, or refused as a bad request. */
export type CloseKind = 'stopped' | 'permission' | 'rejected';

export interface StreamGap {
  /** The last index received before the connection was lost. */
  after: number;
  /** The first index the new connection delivered. */
  resumedAt: number;
}

export interface StreamStatus {
  state: StreamState;
  /** The last failure or the close reason; undefined while healthy and never failed. */
  reason: string | undefined;
  closeKind: CloseKind | undefined;
  /** Failed attempts since the stream was last healthy (drives the backoff). */
  attempt: number;
  /** Connections opened after the first one. */
  reconnects: number;
  /** Times the watchdog found the connection silent. */
  stalls: number;
  /** While waiting to reconnect: when the next attempt starts (epoch ms). */
  retryAt: number | undefined;
  /** Lines that were not JSON or not an event batch. */
  malformed: number;
  lastMalformed: string | undefined;
  /** Reconnections made to re-read a line that could not be decoded. */
  rereads: number;
  /** Undecodable lines given up on (the re-read hit one again before any progress). */
  unrecovered: number;
  /** The most recent possible gap after a reconnect; `gaps` counts them all. */
  gap: StreamGap | undefined;
  gaps: number;
  /** Bare text the server appended when it ended the stream (Nomad ≤1.11.3). */
  serverMessage: string | undefined;
  /** The Index of the first line delivered (an index start older than the buffer starts later). */
  firstIndex: number | undefined;
}

export interface EventStreamOptions {
  /** `Topic`, `Topic:Key`; empty means every topic (Nomad's default `*:*`). */
  topics: readonly string[];
  namespace?: string | undefined;
  region?: string | undefined;
  start: StreamStart;
  /** The server's heartbeat interval; the watchdog fires after 1.5× this without bytes. */
  heartbeatMs?: number | undefined;
  /** New events of one line (already de-duplicated), in arrival order. */
  onEvents: (events: NomadEvent[], index: number) => void;
  onStatus?: ((status: StreamStatus) => void) | undefined;
  /** Opens the request; apiStream by default (tests pass a fake). */
  open?: ((path: string, req: ApiRequest) => Promise<Response>) | undefined;
  random?: (() => number) | undefined;
}

/** A stream's status before it connects. */
export const INITIAL_STREAM_STATUS: StreamStatus = {
  state: 'connecting',
  reason: undefined,
  closeKind: undefined,
  attempt: 0,
  reconnects: 0,
  stalls: 0,
  retryAt: undefined,
  malformed: 0,
  lastMalformed: undefined,
  rereads: 0,
  unrecovered: 0,
  gap: undefined,
  gaps: 0,
  serverMessage: undefined,
  firstIndex: undefined,
};

const clip = (text: string) => {
  const one = text.trim().replace(/\s+/g, ' ');
  return one.length > MAX_TEXT ? `${one.slice(0, MAX_TEXT)}…` : one;
};

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

export class EventStream {
  private readonly opts: EventStreamOptions;
  private readonly heartbeatMs: number;
  private readonly cursor = new EventCursor();
  private current: StreamStatus = INITIAL_STREAM_STATUS;
  /** Bumped whenever the current connection is abandoned; stale callbacks compare it. */
  private generation = 0;
  private started = false;
  private controller: AbortController | undefined;
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private liveSince: number | undefined;
  /** The cursor's index when the current connection opened: moving past it is progress. */
  private openedAt = 0;
  private connections = 0;
  /** Consecutive connections the server closed without a byte. */
  private emptyCloses = 0;
  /** The index re-reads after undecodable lines started from, and how many started there. */
  private rereadFrom: number | undefined;
  private rereadsFrom = 0;
  /** The current connection ended inside a line. */
  private cutLine = false;
  /** An undecodable line was given up on after this index: the next line flags a possible gap. */
  private lostAfter: number | undefined;

  constructor(opts: EventStreamOptions) {
    this.opts = opts;
    this.heartbeatMs = opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  }

  get status(): StreamStatus {
    return this.current;
  }

  /** The index of the newest line received (0 before any). */
  get lastIndex(): number {
    return this.cursor.last;
  }

  /** The request query for a connection; also used to name the ACL the topics need. */
  get search(): URLSearchParams {
    const s = new URLSearchParams();
    for (const t of this.opts.topics) s.append('topic', t);
    s.set('namespace', this.opts.namespace || 'default');
    return s;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.connect(++this.generation);
  }

  /** Ends the subscription for good: aborts the request, cancels the body, clears timers. */
  stop(): void {
    this.started = false;
    this.abandon();
    this.setStatus({ state: 'closed', closeKind: 'stopped', reason: 'Stopped', retryAt: undefined });
  }

  /** Skips the backoff wait, or reopens a closed stream (e.g. after the token changed). */
  retryNow(): void {
    this.abandon();
    this.started = true;
    this.emptyCloses = 0;
    this.setStatus({ attempt: 0 });
    void this.connect(++this.generation);
  }

  private abandon(): void {
    this.generation++;
    this.clearTimers();
    this.controller?.abort();
    this.controller = undefined;
    this.reader?.cancel().catch(() => undefined);
    this.reader = undefined;
  }

  private clearTimers(): void {
    clearTimeout(this.watchdog);
    clearTimeout(this.retryTimer);
    this.watchdog = undefined;
    this.retryTimer = undefined;
  }

  private setStatus(patch: Partial<StreamStatus>): void {
    this.current = { ...this.current, ...patch };
    this.opts.onStatus?.(this.current);
  }

  private initialIndex(): number | undefined {
    const { start } = this.opts;
    if (start.from === 'now') return LIVE_INDEX;
    if (start.from === 'index') return start.index;
    return undefined; // index=0, Nomad's default: everything still buffered
  }

  private async connect(gen: number): Promise<void> {
    const resume = this.cursor.resumeIndex();
    if (resume !== undefined) this.cursor.reconnected();
    const index = resume ?? this.initialIndex();
    if (this.connections++ > 0) this.setStatus({ reconnects: this.current.reconnects + 1 });
    this.setStatus({ state: this.connections > 1 ? 'reconnecting' : 'connecting', retryAt: undefined });
    this.liveSince = undefined;
    this.openedAt = this.cursor.last;
    this.cutLine = false;
    const controller = new AbortController();
    this.controller = controller;
    this.armWatchdog(gen);

    const open = this.opts.open ?? apiStream;
    let bytes = 0;
    try {
      const res = await open(EVENT_STREAM_PATH, {
        query: { index, topic: [...this.opts.topics] },
        namespace: this.opts.namespace,
        region: this.opts.region,
        signal: controller.signal,
      });
      if (gen !== this.generation) {
        res.body?.cancel().catch(() => undefined);
        return;
      }
      const reader = res.body?.getReader();
      this.reader = reader;
      const decoder = new NdjsonDecoder();
      let sliceStart = performance.now();
      while (reader) {
        if (performance.now() - sliceStart > SLICE_MS) {
          await nextTask();
          if (gen !== this.generation) return;
          sliceStart = performance.now();
        }
        const { value, done } = await reader.read();
        if (gen !== this.generation) return;
        if (done) break;
        if (!value || value.length === 0) continue;
        if (bytes === 0) {
          this.liveSince = Date.now();
          this.emptyCloses = 0;
          this.setStatus({ state: 'live', closeKind: undefined });
        }
        bytes += value.length;
        this.armWatchdog(gen);
        if (this.handle(decoder.push(value)) === 'reread') return this.reread();
      }
      if (this.handle(decoder.end()) === 'reread') return this.reread();
      this.reader = undefined;
      clearTimeout(this.watchdog);
      if (bytes === 0) {
        // Nomad 2.x refuses a token this way, but a connection dropped before its first
        // byte looks the same: only a second empty answer in a row counts as a refusal.
        if (++this.emptyCloses >= 2) return this.closePermissionProbable();
        this.abandon();
        return void this.connect(++this.generation);
      }
      if (this.cutLine) return this.retryLater('The connection ended in the middle of a line');
      const tail = this.current.serverMessage;
      this.retryLater(tail ? `The server ended the stream: ${tail}` : 'The server ended the stream');
    } catch (err) {
      if (gen !== this.generation) return; // abandoned on purpose (stop, watchdog, retryNow)
      clearTimeout(this.watchdog);
      this.reader = undefined;
      if (isNomadError(err) && err.status === 403) {
        return this.close('permission', err.message);
      }
      if (isNomadError(err) && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429) {
        // A bad topic (400), no such endpoint (404): the same request will fail the same way.
        return this.close('rejected', err.message);
      }
      if (isNomadError(err)) return this.retryLater(err.message);
      const what = isAbortError(err) ? 'aborted' : err instanceof Error ? err.message : String(err);
      this.retryLater(`Connection lost (${what})`);
    }
  }

  /**
   * Handles decoded lines in order. An undecodable line (garbled in transit) stops here:
   * the caller reconnects from the last good index, so the line and everything after it
   * arrive again. If re-reads keep meeting an undecodable line before any progress, the
   * server keeps sending it: after MAX_REREADS it is skipped, and the next line is flagged
   * as a possible gap.
   */
  private handle(items: NdjsonItem[]): 'reread' | undefined {
    for (const item of items) {
      if (item.kind === 'value') this.handleValue(item.value);
      else if (item.kind === 'malformed') {
        this.malformed(item.text);
        const from = this.cursor.last;
        if (this.rereadFrom !== from) {
          this.rereadFrom = from;
          this.rereadsFrom = 0;
        }
        if (this.rereadsFrom < MAX_REREADS) {
          this.rereadsFrom++;
          return 'reread';
        }
        this.lostAfter ??= from;
        this.setStatus({ unrecovered: this.current.unrecovered + 1 });
      } else if (looksLikeCutLine(item.text)) {
        // Not a server message but a line cut off by a dropped connection (Nomad's bare error
        // texts are short prose): the next connection resumes before it.
        this.cutLine = true;
      } else this.setStatus({ serverMessage: clip(item.text) });
    }
    return undefined;
  }

  private reread(): void {
    this.setStatus({
      rereads: this.current.rereads + 1,
      reason: `A line from the server could not be read; reading again from index ${this.cursor.last}`,
    });
    this.abandon();
    void this.connect(++this.generation);
  }

  private handleValue(value: unknown): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.malformed(JSON.stringify(value));
    }
    const line = value as { Index?: unknown; Events?: unknown };
    const index = typeof line.Index === 'number' ? line.Index : 0;
    const events = line.Events ?? null;
    if (events !== null && !Array.isArray(events)) return this.malformed(JSON.stringify(value));
    // `{}`: a heartbeat. The Go client treats Index 0 with no events the same way.
    if (index === 0 && (events === null || events.length === 0)) return;
    const { start } = this.opts;
    // Asked for a given index newer than the newest batch: Nomad sends the newest one anyway.
    if (start.from === 'index' && this.cursor.last === 0 && index < start.index) return;
    const valid = (events ?? []).filter(isEvent);
    if (valid.length !== (events ?? []).length)
      this.malformed(`line ${index}: an event without Index, Topic, Type or Key`);
    const admission = this.cursor.admit({ Index: index, Events: valid });
    if (admission.kind === 'duplicate') return;
    let gap = admission.gap;
    if (this.lostAfter !== undefined) {
      gap ??= { after: this.lostAfter, resumedAt: index };
      this.lostAfter = undefined;
    }
    if (gap) this.setStatus({ gap, gaps: this.current.gaps + 1 });
    if (this.current.firstIndex === undefined) this.setStatus({ firstIndex: index });
    if (admission.events.length > 0) this.opts.onEvents(admission.events, index);
  }

  private malformed(text: string): void {
    this.setStatus({ malformed: this.current.malformed + 1, lastMalformed: clip(text) });
  }

  private armWatchdog(gen: number): void {
    clearTimeout(this.watchdog);
    const limit = this.heartbeatMs * 1.5;
    this.watchdog = setTimeout(() => {
      if (gen !== this.generation) return;
      this.abandon();
      this.setStatus({ stalls: this.current.stalls + 1 });
      this.scheduleRetry(
        'stalled',
        `No data for ${seconds(limit)}; Nomad sends a heartbeat every ${seconds(this.heartbeatMs)}`,
      );
    }, limit);
  }

  private retryLater(reason: string): void {
    this.abandon();
    this.scheduleRetry('reconnecting', reason);
  }

  private scheduleRetry(state: 'stalled' | 'reconnecting', reason: string): void {
    if (!this.started) return;
    const healthy =
      this.liveSince !== undefined && (Date.now() - this.liveSince >= STABLE_MS || this.cursor.last > this.openedAt);
    const attempt = healthy ? 0 : this.current.attempt;
    const delay = backoffDelay(attempt, undefined, this.opts.random);
    const gen = this.generation;
    this.setStatus({ state, reason, attempt: attempt + 1, retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => {
      if (gen === this.generation) void this.connect(++this.generation);
    }, delay);
  }

  private close(kind: CloseKind, reason: string): void {
    this.abandon();
    this.started = false;
    this.setStatus({ state: 'closed', closeKind: kind, reason, retryAt: undefined });
  }

  private closePermissionProbable(): void {
    const need = requiredCapability('GET', EVENT_STREAM_PATH, this.search);
    const topics = this.opts.topics.length ? this.opts.topics.join(', ') : 'every topic (*)';
    this.close(
      'permission',
      `Probably permission denied: the server closed the stream without sending a byte, which is how ` +
        `Nomad 2.x refuses a token. Subscribing to ${topics} ` +
        (need ? `needs more than this token has — ${describeMissing(need)}.` : 'needs a token that may read them.'),
    );
  }
}

/** A JSON start, a batch's keys, or bytes that were not UTF-8: the rest of a line, not prose. */
function looksLikeCutLine(text: string): boolean {
  return /^\s*[[{]/.test(text) || text.includes('"Events"') || text.includes('"Index"') || text.includes('\uFFFD');
}

function isEvent(e: unknown): e is NomadEvent {
  if (typeof e !== 'object' || e === null) return false;
  const o = e as Record<string, unknown>;
  return (
    typeof o.Index === 'number' &&
    typeof o.Topic === 'string' &&
    typeof o.Type === 'string' &&
    typeof o.Key === 'string'
  );
}

let taskChannel: MessageChannel | undefined;
const taskWaiters: (() => void)[] = [];

/** Resolves in a new task (not a microtask), without setTimeout's 4 ms clamp when nested. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel === 'undefined') return void setTimeout(resolve, 0);
    if (!taskChannel) {
      taskChannel = new MessageChannel();
      taskChannel.port1.onmessage = () => taskWaiters.shift()?.();
      // Node (tests) would otherwise keep the process alive for an idle port.
      (taskChannel.port1 as { unref?: () => void }).unref?.();
    }
    taskWaiters.push(resolve);
    taskChannel.port2.postMessage(null);
  });
}
