/**
 * Scenario 1, timeline firehose: the mock at `--firehose` (events replayed as fast as the
 * reader takes them, server/mock/events/firehose.ts) for 20 s while the Events page follows
 * `namespace=*`, then the same with the bare baseline reader.
 * Lost events = what the broker published while we measured (PublishedEvents delta, every
 * topic, every namespace, which is exactly this subscription) minus what the page counted.
 */
import type { Browser } from '@playwright/test';
import { ProbedPage, round, type FrameStats } from '../lib/browser.ts';
import { isolatedDataDir, sleep, startServer, type BenchServer } from '../lib/server.ts';

const SECONDS = Number(process.env.BENCH_TIMELINE_SECONDS ?? 20);
const STREAM = /\/v1\/event\/stream/;

interface BrokerState {
  Broker: { PublishedEvents: number; NewestIndex: number; Subscribers: number };
}

export interface TimelineRun extends FrameStats {
  events: number;
  seconds: number;
  eventsPerSec: number;
  mbPerSec: number;
  avgEventBytes: number;
  published: number;
  lost: number;
  heapEndMB: number;
  heapAfterGcMB: number;
}

type Counter = (p: ProbedPage) => Promise<{ received: number; lastIndex: number }>;

/** A page flooded to its limit answers late: reading the counter may wait this long. */
const READ_TIMEOUT_MS = 120_000;

const appCounter: Counter = async (p) => {
  const text =
    (await p.page
      .getByText(/ received/)
      .first()
      .textContent({ timeout: READ_TIMEOUT_MS })) ?? '';
  const received = Number(/([\d,]+) received/.exec(text)?.[1]?.replace(/,/g, '') ?? NaN);
  const lastIndex = Number(/last index (\d+)/.exec(text)?.[1] ?? 0);
  return { received, lastIndex };
};

const baseCounter: Counter = (p) =>
  p.page.evaluate(() => {
    const b = (window as unknown as { __base: { events: number; lastIndex: number } }).__base;
    return { received: b.events, lastIndex: b.lastIndex };
  });

async function measure(browser: Browser, server: BenchServer, path: string, count: Counter): Promise<TimelineRun> {
  const state = () => server.json<BrokerState>('/__mock/scenario');
  await server.json('/__mock/scenario/pause', 'POST');
  const p = await ProbedPage.open(browser, [STREAM]);
  try {
    await p.page.goto(server.url + path);
    // Subscribed and settled (the replay of the buffer, if any, is done) before we measure.
    const settle = Date.now() + 15_000;
    let c0 = { received: NaN, lastIndex: 0 };
    while (Date.now() < settle) {
      const s = await state();
      c0 = await count(p).catch(() => ({ received: NaN, lastIndex: 0 }));
      if (s.Broker.Subscribers > 0 && Number.isFinite(c0.received) && c0.lastIndex >= s.Broker.NewestIndex) break;
      await sleep(250);
    }
    const p0 = (await state()).Broker.PublishedEvents;
    const b0 = p.received(STREAM);
    await p.probe(true);
    const t0 = performance.now();
    await server.json('/__mock/scenario/resume', 'POST');
    await sleep(SECONDS * 1000);
    await server.json('/__mock/scenario/pause', 'POST');
    const frames = await p.frameStats();
    await p.probe(false);
    // Drain: the page has everything once its last index is the broker's newest.
    const end = await state();
    const drain = Date.now() + 30_000;
    let c1 = await count(p);
    while (c1.lastIndex < end.Broker.NewestIndex && Date.now() < drain) {
      await sleep(100);
      c1 = await count(p);
    }
    const seconds = (performance.now() - t0) / 1000;
    const events = c1.received - c0.received;
    const bytes = p.received(STREAM) - b0;
    const published = end.Broker.PublishedEvents - p0;
    return {
      events,
      seconds: round(seconds, 2),
      eventsPerSec: Math.round(events / seconds),
      mbPerSec: round(bytes / seconds / 1e6, 2),
      avgEventBytes: events ? Math.round(bytes / events) : 0,
      published,
      lost: published - events,
      ...frames,
      heapEndMB: await p.heapMB(),
      heapAfterGcMB: await p.heapMB(true),
    };
  } finally {
    await p.close();
  }
}

export async function timeline(browser: Browser): Promise<Record<string, unknown>> {
  const server = await startServer(['--firehose', ...isolatedDataDir()]);
  try {
    const app = await measure(browser, server, '/events?namespace=*', appCounter);
    const baseline = await measure(browser, server, '/__bench/events-baseline.html?namespace=*', baseCounter);
    return {
      app,
      baseline,
      ratioEventsPerSec: baseline.eventsPerSec ? round(app.eventsPerSec / baseline.eventsPerSec, 2) : null,
      note: 'The mock firehose replays recorded Job/Evaluation/Allocation/Deployment events as fast as the reader takes them (a batch goes out only when every stream is caught up and its socket drained), so each figure is what that reader could take and the ratio is app / bare reader.',
    };
  } finally {
    await server.stop();
  }
}
