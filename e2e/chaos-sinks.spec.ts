/**
 * Sinks chaos (issue 9): a receiver that fails then recovers, and the server that delivers
 * SIGKILLed while a POST is in flight, then started again on the same data directory.
 * Every batch the cluster published for the sink's topics must reach the receiver at least
 * once, in order, none skipped.
 *
 * No browser: this is about the delivery worker and its persisted progress. The cluster is a
 * separate mock agent (`--api-only`) that outlives the kill, and the sinks run in a second
 * server in proxy mode in front of it (NOMAD_ADDR), so the events published before and after
 * the kill are one history that `/__mock/events/published` can tell us.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BASE_URL } from './urls.ts';

const base = Number(new URL(BASE_URL).port);
// Our own ports, above the four the suite's servers use.
const CLUSTER_PORT = base + 6;
const SINKS_PORT = base + 7;
const CLUSTER = `http://127.0.0.1:${CLUSTER_PORT}`;
const SINKS = `http://127.0.0.1:${SINKS_PORT}`;
const TOPICS = { Job: ['*'], Allocation: ['*'] };
const TOPIC_QUERY = 'topic=Job:*&topic=Allocation:*';

interface Batch {
  Index: number;
  Events: unknown[];
}

/** Key order and whitespace aside, the same batch. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
const batchKey = (b: Batch) => `${b.Index}:${canonical(b.Events)}`;

/** A webhook receiver: fails its first `failFirst` requests (503s, then a dropped connection), then accepts. */
class Receiver {
  /** Every batch it took in (answered 2xx, or was holding when its sender died), in arrival order. */
  received: Batch[] = [];
  failures = 0;
  held: ServerResponse | undefined;
  holdNext = false;
  private server: Server;
  private onHold: (() => void) | undefined;
  private readonly failFirst: number;

  constructor(failFirst: number) {
    this.failFirst = failFirst;
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (this.failures < this.failFirst) {
          this.failures += 1;
          // The last failure is a transport error, the others HTTP errors.
          if (this.failures === this.failFirst) res.socket?.destroy();
          else res.writeHead(503).end('receiver is down');
          return;
        }
        this.received.push(JSON.parse(body) as Batch);
        if (this.holdNext) {
          // Keep the POST in flight: the sender is killed before it sees an answer.
          this.holdNext = false;
          this.held = res;
          this.onHold?.();
          return;
        }
        res.writeHead(204).end();
      });
    });
  }

  /** Resolves when the next accepted POST is being held open. */
  holdOne(): Promise<void> {
    this.holdNext = true;
    return new Promise((resolve) => (this.onHold = resolve));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** `node --import tsx server/main.ts …` in one process, so SIGKILL kills the server itself. */
function startServer(args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--api-only', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', () => {});
  return child;
}

async function waitUp(url: string): Promise<void> {
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${url}/v1/agent/self`)).status;
        } catch {
          return 0;
        }
      },
      { timeout: 20_000, intervals: [100] },
    )
    .toBe(200);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

test('sinks: a failing receiver and a SIGKILL mid-delivery lose and reorder no batch', async () => {
  test.setTimeout(60_000);
  const dataRoot = mkdtempSync(join(tmpdir(), 'nomad-live-chaos-sinks-'));
  const receiver = new Receiver(3);
  const children: ChildProcess[] = [];
  try {
    const hook = await receiver.start();
    // A busy cluster (rate 30) with a buffer big enough that nothing is evicted meanwhile.
    children.push(
      startServer([
        '--port',
        String(CLUSTER_PORT),
        '--rate',
        '30',
        '--event-buffer-size',
        '20000',
        '--data-dir',
        join(dataRoot, 'cluster'),
      ]),
    );
    const sinksArgs = ['--port', String(SINKS_PORT), '--data-dir', join(dataRoot, 'sinks')];
    let sinks = startServer(sinksArgs, { NOMAD_ADDR: CLUSTER });
    children.push(sinks);
    await Promise.all([waitUp(CLUSTER), waitUp(SINKS)]);

    const from = Number((await fetch(`${CLUSTER}/v1/jobs`)).headers.get('x-nomad-index'));
    const put = await fetch(`${SINKS}/v1/event/sink/chaos`, {
      method: 'PUT',
      body: JSON.stringify({ ID: 'chaos', Type: 'webhook', Address: hook, Topics: TOPICS, LatestIndex: from }),
    });
    expect(put.status).toBe(200);

    // The receiver fails three times (backoff ≈ 0.75 + 1.5 + 3 s), then takes batches.
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(8);
    expect(receiver.failures).toBe(3);

    // Progress reaches the disk at most once a second (each write bumps ModifyIndex): wait
    // for a write, so the restart resumes from it, then kill the sinks server while it
    // waits for the receiver's answer to a POST.
    const sinkNow = async () =>
      (await (await fetch(`${SINKS}/v1/event/sink/chaos`)).json()) as { ModifyIndex: number; LatestIndex: number };
    const created = await sinkNow();
    await expect
      .poll(async () => (await sinkNow()).ModifyIndex, { timeout: 10_000 })
      .toBeGreaterThan(created.ModifyIndex);
    const held = receiver.holdOne();
    await held;
    const beforeKill = receiver.received.length;
    sinks.kill('SIGKILL');
    await exited(sinks);
    receiver.held?.socket?.destroy();

    sinks = startServer(sinksArgs, { NOMAD_ADDR: CLUSTER });
    children.push(sinks);
    await waitUp(SINKS);
    // Some more activity after the restart, then freeze the cluster so there is an end.
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBeGreaterThan(beforeKill + 5);
    const paused = (await (await fetch(`${CLUSTER}/__mock/scenario/pause`, { method: 'POST' })).json()) as {
      Scenario: { Index: number };
    };
    expect(paused.Scenario.Index).toBeGreaterThan(from);

    // Lifecycle timers may still publish a little after the pause: wait until the receiver
    // holds the newest published batch, reading the record again each time.
    let published: Batch[] = [];
    const publishedNow = async () =>
      (
        (await (await fetch(`${CLUSTER}/__mock/events/published?after=${from}&${TOPIC_QUERY}`)).json()) as {
          Batches: Batch[];
        }
      ).Batches;
    await expect
      .poll(
        async () => {
          published = await publishedNow();
          const newest = published[published.length - 1];
          const got = receiver.received[receiver.received.length - 1];
          return newest !== undefined && got !== undefined && batchKey(newest) === batchKey(got);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    const want = published.map(batchKey);

    const got = receiver.received.map(batchKey);
    // Before the kill: a prefix of what was published, in order.
    const before = got.slice(0, beforeKill);
    expect(before).toEqual(want.slice(0, beforeKill));
    // After the restart: a contiguous run of the published batches, resuming at or before
    // the last one taken in before the kill and ending with the newest.
    const after = got.slice(beforeKill);
    const resumeAt = want.indexOf(after[0] ?? '');
    // It resumed from saved progress (not from the start), and the batch whose answer never
    // came is delivered again.
    expect(resumeAt).toBeGreaterThan(0);
    expect(resumeAt).toBeLessThanOrEqual(beforeKill - 1);
    expect(after).toEqual(want.slice(resumeAt, resumeAt + after.length));
    expect(resumeAt + after.length).toBe(want.length);
    const duplicates = got.length - new Set(got).size;
    expect(duplicates).toBe(beforeKill - resumeAt);

    const events = published.reduce((n, b) => n + b.Events.length, 0);
    console.log(
      `chaos-sinks: ${want.length} batches (${events} events) published for ${TOPIC_QUERY}, ` +
        `${got.length} POSTs taken in, ${receiver.failures} failed deliveries retried (2×503, 1 dropped connection), ` +
        `1 SIGKILL mid-POST after ${beforeKill} batches, resumed at batch ${resumeAt + 1}: ${duplicates} duplicate(s), 0 skipped, 0 out of order`,
    );
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await receiver.stop();
    rmSync(dataRoot, { recursive: true, force: true });
  }
});
