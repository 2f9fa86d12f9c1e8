/**
 * Scenario 5, big file: the mock's 200 MiB text file (alloc/data/archive-200mb.log, fixed
 * 100-byte lines computed from the offset) in the file viewer. Figures: navigation → first
 * screen of text, "jump to middle" (byte offset 104,857,600, Go) → that line on screen,
 * heap. Baseline, in the same page: a bare `readat` fetch + decode of the same first and
 * middle windows.
 */
import type { Browser } from '@playwright/test';
import { ProbedPage, round } from '../lib/browser.ts';
import { startServer } from '../lib/server.ts';
import { pickTask } from './logs.ts';

const PATH = 'alloc/data/archive-200mb.log';
const SIZE = 200 * 1024 * 1024;
const MIDDLE = SIZE / 2;
const LINE = 100;

/** bigFileLine(i) starts with the 1-based line number and the offset, zero-padded. */
const lineStart = (offset: number) =>
  `${String(offset / LINE + 1).padStart(9, '0')} offset=${String(offset).padStart(10, '0')}`;

export async function bigFile(browser: Browser): Promise<Record<string, unknown>> {
  const server = await startServer([]);
  try {
    const t = await pickTask(server);
    const p = await ProbedPage.open(browser, [/\/v1\/client\/fs\//]);
    try {
      await p.page.goto(`${server.url}/allocations/${t.alloc}/files/${PATH}`);
      await p.page.getByText(lineStart(0)).first().waitFor({ timeout: 30_000 });
      const firstScreenMs = await p.page.evaluate(() => performance.now());
      const heapFirstAfterGcMB = await p.heapMB(true);
      await p.probe(true);
      await p.page.getByLabel('Byte offset').fill(String(MIDDLE));
      const t0 = performance.now();
      await p.page.getByRole('button', { name: 'Go' }).click();
      await p.page.getByText(lineStart(MIDDLE)).first().waitFor({ timeout: 30_000 });
      const jumpMs = performance.now() - t0;
      const frames = await p.frameStats();
      await p.probe(false);
      const heapAfterJumpAfterGcMB = await p.heapMB(true);
      const received = p.received(/\/v1\/client\/fs\//);
      // A page script string, not a function: tsx wraps named inner functions in a helper
      // (`__name`) the page does not have.
      const timeRead = async (offset: number) => {
        const q = new URLSearchParams({ path: PATH, offset: String(offset), limit: String(256 * 1024) });
        return (await p.page.evaluate(`(async () => {
          const t1 = performance.now();
          const r = await fetch(${JSON.stringify(`/v1/client/fs/readat/${t.alloc}?${q}`)});
          new TextDecoder().decode(await r.arrayBuffer()).split(String.fromCharCode(10));
          return performance.now() - t1;
        })()`)) as number;
      };
      const base = { first: await timeRead(0), middle: await timeRead(MIDDLE) };
      return {
        app: {
          firstScreenMs: round(firstScreenMs),
          jumpToMiddleMs: round(jumpMs),
          heapFirstScreenAfterGcMB: heapFirstAfterGcMB,
          heapAfterJumpAfterGcMB: heapAfterJumpAfterGcMB,
          jumpLongTaskMaxMs: frames.longTaskMaxMs,
          fsBytesReceived: received,
        },
        baseline: { firstScreenMs: round(base.first), jumpToMiddleMs: round(base.middle) },
        target: `${t.alloc.slice(0, 8)}: ${PATH} (${(SIZE / 2 ** 20).toFixed(0)} MiB)`,
        note: 'app first screen counts from navigation (app load included); baseline = bare readat fetch+decode of a 256 KiB window from a loaded page',
      };
    } finally {
      await p.close();
    }
  } finally {
    await server.stop();
  }
}
