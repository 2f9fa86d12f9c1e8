/**
 * Scenario 4, huge log: one task's stdout gets a 1 GiB rotated history (the mock computes
 * it from the offset, 10 MiB files), writers frozen. Figures: navigation → first tail row,
 * one "Load older" page, heap; then a 200,000-line buffer (opened by deep link 200,000
 * lines before the end) and a search over it: time from the query taking effect to the
 * complete result, and the longest main-thread block meanwhile. Baseline, in the same page:
 * a bare fetch + decode of the same tail bytes, and a bare loop testing the same regex on
 * 200,000 strings.
 */
import type { Browser } from '@playwright/test';
import { ProbedPage, round } from '../lib/browser.ts';
import { startServer, type BenchServer } from '../lib/server.ts';
import { pickTask, writer, type Target } from './logs.ts';

const BYTES = Number(process.env.BENCH_HUGE_BYTES ?? 1024 * 1024 * 1024);
const LINE = 128; // server/mock/logs/huge-log.ts HUGE_LINE
const BUFFER_LINES = 200_000;
const QUERY = 'ERROR [db]';

const logsPath = (t: Target) => `/allocations/${t.alloc}/logs/${encodeURIComponent(t.task)}`;

/** Lines-in-memory count shown by the buffer bar. */
async function linesInMemory(p: ProbedPage): Promise<number> {
  const text =
    (await p.page
      .getByText(/lines in memory/)
      .first()
      .textContent()) ?? '';
  return Number(text.replace(/ lines in memory.*/, '').replace(/[^\d]/g, ''));
}

/** Waits until the buffer bar counts more than `n` lines (no named inner functions: tsx would wrap them in a helper the page lacks). */
const linesAbove = (p: ProbedPage, n: number, polling: number | 'raf', timeout: number) =>
  p.page.waitForFunction(
    (min) =>
      [...document.querySelectorAll('*')].some(
        (e) =>
          e.children.length === 0 &&
          / lines in memory/.test(e.textContent ?? '') &&
          Number((e.textContent ?? '').split(' lines')[0]!.replace(/[^0-9]/g, '')) > min,
      ),
    n,
    { polling, timeout },
  );

/** In-app navigation (as a click on a link does) to `path`; resolves with ms until the first log row. */
const spaTail = (path: string) => `new Promise((resolve) => {
  const t0 = performance.now();
  const mo = new MutationObserver(() => {
    if (!document.querySelector('[data-testid="log-row"]')) return;
    mo.disconnect();
    resolve(performance.now() - t0);
  });
  mo.observe(document.body, { childList: true, subtree: true });
  history.pushState(null, '', ${JSON.stringify(path)});
  dispatchEvent(new PopStateEvent('popstate'));
})`;

async function tailAndOlder(browser: Browser, server: BenchServer, t: Target) {
  const p = await ProbedPage.open(browser, [/\/v1\/client\/fs\/logs\//], ['log-row']);
  try {
    // From the allocation page, as an operator gets there (the app is loaded).
    await p.page.goto(`${server.url}/allocations/${t.alloc}`);
    await p.page.getByRole('heading').first().waitFor();
    await p.page.getByText(t.task).first().waitFor();
    const inAppTailMs = (await p.page.evaluate(spaTail(logsPath(t)))) as number;
    await p.page.goto('about:blank');
    // A cold page load straight to the logs URL (bundle, agent, allocation, then the log).
    await p.page.goto(server.url + logsPath(t));
    const tailVisibleMs = await p.firstSeen('log-row');
    await p.page
      .getByText(/lines in memory/)
      .first()
      .waitFor();
    const before = await linesInMemory(p);
    const button = p.page.getByRole('button', { name: 'Load older' });
    await button.waitFor();
    const t0 = performance.now();
    await button.click();
    await linesAbove(p, before, 'raf', 30_000);
    const loadOlderMs = performance.now() - t0;
    const after = await linesInMemory(p);
    const tailUrl = `/v1/client/fs/logs/${t.alloc}?task=${encodeURIComponent(t.task)}&type=stdout&origin=end&offset=65536&plain=true`;
    const base = (await p.page.evaluate(`(async () => {
      const t1 = performance.now();
      const r = await fetch(${JSON.stringify(tailUrl)});
      const text = new TextDecoder().decode(await r.arrayBuffer());
      return { ms: performance.now() - t1, lines: text.split(String.fromCharCode(10)).length };
    })()`)) as { ms: number; lines: number };
    return {
      app: {
        tailVisibleInAppMs: round(inAppTailMs),
        tailVisibleColdLoadMs: round(tailVisibleMs),
        loadOlderMs: round(loadOlderMs),
        loadOlderLines: after - before,
        heapTailAfterGcMB: await p.heapMB(true),
      },
      baselineTailFetchMs: round(base.ms),
    };
  } finally {
    await p.close();
  }
}

const SEARCH = `new Promise((resolve) => {
  const query = ${JSON.stringify(QUERY)};
  const input = document.querySelector('input[aria-label="Search logs"]');
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, query);
  input.dispatchEvent(new Event('input', { bubbles: true }));
  let applied = 0;
  // The box applies the query after a 150 ms typing pause: time from when the URL has it.
  const step = () => {
    if (!applied && new URLSearchParams(location.search).get('q') === query) applied = performance.now();
    const s = [...document.querySelectorAll('[aria-live="polite"]')]
      .map((e) => e.textContent || '')
      .find((x) => /matching line/.test(x));
    if (applied && s && !/Searching/.test(s)) return resolve({ ms: performance.now() - applied, text: s });
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`;

const BARE_FILTER = `(() => {
  const lines = [];
  for (let i = 0; i < ${BUFFER_LINES}; i++)
    lines.push(('2026-11-21T10:00:00.000Z ERROR [db] slow query detected line=' + i + ' id=abcdef' + (i % 97)).padEnd(127));
  const re = new RegExp(${JSON.stringify(QUERY.replace(/[[\]]/g, '\\$&'))}, 'i');
  const t1 = performance.now();
  let hits = 0;
  for (const l of lines) if (re.test(l)) hits++;
  return { ms: performance.now() - t1, hits };
})()`;

async function filterFullBuffer(browser: Browser, server: BenchServer, t: Target, total: number) {
  const p = await ProbedPage.open(browser, [/\/v1\/client\/fs\/logs\//], ['log-row']);
  try {
    const offset = Math.max(0, total - BUFFER_LINES * LINE - 4096);
    const t0 = performance.now();
    await p.page.goto(`${server.url}${logsPath(t)}?offset=${offset}`);
    await p.firstSeen('log-row');
    await linesAbove(p, BUFFER_LINES - 1, 1000, 120_000);
    const fillSeconds = (performance.now() - t0) / 1000;
    const heapFullAfterGcMB = await p.heapMB(true);
    await p.probe(true);
    const timing = (await p.page.evaluate(SEARCH)) as { ms: number; text: string };
    const frames = await p.frameStats();
    await p.probe(false);
    const baseline = (await p.page.evaluate(BARE_FILTER)) as { ms: number; hits: number };
    return {
      app: {
        bufferFillSeconds: round(fillSeconds, 1),
        heapFullBufferAfterGcMB: heapFullAfterGcMB,
        filterResultMs: round(timing.ms),
        filterResult: timing.text.trim(),
        filterLongTaskMaxMs: frames.longTaskMaxMs,
        filterLongTasks: frames.longTasks,
        filterMaxFrameMs: frames.maxFrameMs,
      },
      baselineFilterLoopMs: round(baseline.ms),
    };
  } finally {
    await p.close();
  }
}

export async function hugeLog(browser: Browser): Promise<Record<string, unknown>> {
  const server = await startServer([]);
  try {
    const t = await pickTask(server);
    await writer(server, t, 'freeze');
    const made = await server.json<{ Bytes: number }>(
      `/__mock/logs/${t.alloc}/${encodeURIComponent(t.task)}/huge?type=stdout&bytes=${BYTES}`,
      'POST',
    );
    const files = await server.json<{ Name: string; Size: number }[]>(`/v1/client/fs/ls/${t.alloc}?path=alloc/logs`);
    const total = files.filter((f) => f.Name.startsWith(`${t.task}.stdout.`)).reduce((n, f) => n + f.Size, 0);
    const tail = await tailAndOlder(browser, server, t);
    const filter = await filterFullBuffer(browser, server, t, total);
    return {
      app: { ...tail.app, ...filter.app },
      baseline: {
        tailVisibleInAppMs: tail.baselineTailFetchMs,
        filterResultMs: filter.baselineFilterLoopMs,
      },
      target: `${t.alloc.slice(0, 8)}/${t.task}: ${(total / 2 ** 30).toFixed(2)} GiB in ${files.length} files (history ${made.Bytes.toLocaleString('en')} bytes)`,
      note: 'baseline tail = bare fetch+decode of the same 64 KiB tail; baseline filter = bare loop of the same regex over 200,000 strings; filter time counts from the query reaching the URL (after the 150 ms typing pause)',
    };
  } finally {
    await server.stop();
  }
}
