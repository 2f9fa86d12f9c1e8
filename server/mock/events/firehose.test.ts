import { get, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventBatch } from '../../../src/lib/nomad/types.ts';
import { encodeNomadJson } from '../../http/json.ts';
import { createRuntime } from '../runtime.ts';
import { startMock, type Harness } from '../test-harness.ts';
import { EventFirehose, POOL_EVENTS } from './firehose.ts';
import type { EventBatchRecord } from './types.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A raw reader of `/v1/event/stream` that can stop reading (pause) like a busy page. */
function reader(base: string): Promise<{ res: IncomingMessage; batches: EventBatch[]; bytes: () => number }> {
  return new Promise((resolve, reject) => {
    const req = get(`${base}/v1/event/stream?namespace=*`, (res) => {
      const batches: EventBatch[] = [];
      let bytes = 0;
      let partial = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        bytes += chunk.length;
        const lines = (partial + chunk).split('\n');
        partial = lines.pop()!;
        for (const l of lines) if (l && l !== '{}') batches.push(JSON.parse(l) as EventBatch);
      });
      resolve({ res, batches, bytes: () => bytes });
    });
    req.on('error', reject);
  });
}

const published = (x: Harness) => x.runtime.broker.state().PublishedEvents;

describe('--firehose (scenario rate max with the event firehose)', () => {
  it('publishes nothing without a reader once its pool is recorded', async () => {
    h = await startMock({ rate: 'max', scenario: true });
    // Recording runs real scenario steps until the pool is full; then it waits for a reader.
    const deadline = Date.now() + 20_000;
    let before = -1;
    let now = published(h);
    while (now !== before && Date.now() < deadline) {
      before = now;
      await sleep(400);
      now = published(h);
    }
    expect(now).toBe(before);
    expect(now).toBeGreaterThan(POOL_EVENTS);
  });

  it('keeps pace with its reader: stops while the reader stops, loses nothing, indexes never go back', async () => {
    h = await startMock({ rate: 'max', scenario: true });
    const r = await reader(h.base);
    const received = () => r.batches.reduce((n, b) => n + b.Events.length, 0);
    const deadline = Date.now() + 20_000;
    while (received() < POOL_EVENTS + 2000 && Date.now() < deadline) await sleep(50);
    expect(received()).toBeGreaterThanOrEqual(POOL_EVENTS + 2000);

    // The reader stops: the kernel's buffers fill, then the firehose waits for it.
    r.res.pause();
    await sleep(500);
    const whilePaused = published(h);
    await sleep(500);
    // At most what was already in flight when the socket filled (a turn's worth).
    expect(published(h) - whilePaused).toBeLessThan(200);

    r.res.resume();
    await sleep(500);
    h.runtime.scenario.pause();
    await sleep(300);
    // Everything published after the first batch this reader got reached it, in order (the
    // broker's record keeps the last 20,000 events: compare that window).
    const first = r.batches[0]!.Index;
    const res = await h.get(`/__mock/events/published?after=${first}&namespace=*&limit=1000000`);
    const { Batches } = (await res.json()) as { Batches: { Index: number; Events: unknown[] }[] };
    expect(Batches.length).toBeGreaterThan(1000);
    const got = r.batches.slice(-Batches.length);
    expect(got.map((b) => b.Index)).toEqual(Batches.map((b) => b.Index));
    expect(got.map((b) => b.Events.length)).toEqual(Batches.map((b) => b.Events.length));
    const indexes = r.batches.map((b) => b.Index);
    expect(indexes.every((ix, i) => i === 0 || ix >= indexes[i - 1]!)).toBe(true);
    // Replayed events are whole Nomad events under their batch's index, of the busy topics.
    const last = r.batches.at(-1)!;
    expect(last.Events.every((e) => e.Index === last.Index && typeof e.Payload === 'object')).toBe(true);
    const topics = new Set(r.batches.slice(-500).flatMap((b) => b.Events.map((e) => e.Topic)));
    expect([...topics].every((t) => ['Job', 'Evaluation', 'Allocation', 'Deployment'].includes(t))).toBe(true);
  }, 30_000);
});

describe('EventFirehose', () => {
  it('replays recorded events under fresh store indexes, pre-encoded exactly as the encoder would', () => {
    const rt = createRuntime({ now: () => 0 });
    const injected: EventBatchRecord[] = [];
    const broker = { inject: (b: EventBatchRecord) => injected.push(b), readyForMore: true, subscriberCount: 1 };
    const turns: (() => void)[] = [];
    const fh = new EventFirehose(rt.store, broker, {
      poolEvents: 50,
      soon: (fn) => (turns.push(fn), () => {}),
      later: (_ms, fn) => (turns.push(fn), () => {}),
    });
    const stop = fh.run(() => rt.scenario.step());
    for (let i = 0; i < 20 && injected.length < 30; i++) turns.shift()?.();
    stop();
    expect(fh.recording).toBe(false);
    expect(injected.length).toBeGreaterThanOrEqual(30);
    let last = 0;
    for (const batch of injected) {
      expect(batch.index).toBeGreaterThan(last);
      last = batch.index;
      for (const e of batch.events) {
        expect(e.wire.Index).toBe(batch.index);
        expect(['Job', 'Evaluation', 'Allocation', 'Deployment']).toContain(e.wire.Topic);
        expect(e.json).toBe(encodeNomadJson(e.wire));
      }
    }
    // The store's index moved with them: later commits continue the same sequence.
    expect(rt.store.index).toBe(last);
    void rt.cluster.close();
  });
});
