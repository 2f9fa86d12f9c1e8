/**
 * Scenario 2, timeline soak: the Events page follows `--firehose` until it has received
 * BENCH_SOAK_EVENTS events (1,000,000) or BENCH_SOAK_SECONDS pass; heap (after a forced GC)
 * at 100k events and at the end shows whether the bounded ring plateaus.
 */
import type { Browser } from '@playwright/test';
import { ProbedPage, round } from '../lib/browser.ts';
import { isolatedDataDir, sleep, startServer } from '../lib/server.ts';

const TARGET = Number(process.env.BENCH_SOAK_EVENTS ?? 1_000_000);
const LIMIT_S = Number(process.env.BENCH_SOAK_SECONDS ?? 300);

async function received(p: ProbedPage): Promise<number> {
  const text =
    (await p.page
      .getByText(/ received/)
      .first()
      .textContent()) ?? '';
  return Number(/([\d,]+) received/.exec(text)?.[1]?.replace(/,/g, '') ?? 0);
}

export async function soak(browser: Browser): Promise<Record<string, unknown>> {
  const server = await startServer(['--firehose', ...isolatedDataDir()]);
  try {
    const p = await ProbedPage.open(browser, []);
    try {
      await p.page.goto(`${server.url}/events?namespace=*`);
      await p.page
        .getByText(/ received/)
        .first()
        .waitFor();
      const t0 = performance.now();
      const out: Record<string, unknown> = { targetEvents: TARGET };
      let n = 0;
      while (n < TARGET && performance.now() - t0 < LIMIT_S * 1000) {
        await sleep(1000);
        n = await received(p);
        if (n >= 100_000 && out.heapAt100kMB === undefined) out.heapAt100kMB = await p.heapMB(true);
      }
      const seconds = (performance.now() - t0) / 1000;
      Object.assign(out, {
        events: n,
        seconds: round(seconds),
        eventsPerSec: Math.round(n / seconds),
        heapAtEndMB: await p.heapMB(true),
        reachedTarget: n >= TARGET,
      });
      return out;
    } finally {
      await p.close();
    }
  } finally {
    await server.stop();
  }
}
