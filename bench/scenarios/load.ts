/**
 * Scenario 7, load: gzip size of every JS/CSS chunk in dist/ (initial = referenced by
 * index.html, lazy = the rest), time to the first event row after navigating to /events,
 * and the allocations table at 20,000 allocations: first row, then scroll frame times.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';
import { ProbedPage, round } from '../lib/browser.ts';
import { ROOT, sleep, startServer } from '../lib/server.ts';

export function bundleSizes(): Record<string, unknown> {
  const dist = join(ROOT, 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const initialNames = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]!));
  const chunks: Record<string, number> = {};
  let initialJs = 0;
  let lazyJs = 0;
  let initialCss = 0;
  for (const name of readdirSync(join(dist, 'assets'))) {
    if (!/\.(js|css)$/.test(name)) continue;
    const kb = gzipSync(readFileSync(join(dist, 'assets', name)), { level: 9 }).length / 1024;
    chunks[name] = round(kb);
    const initial = initialNames.has(name);
    if (name.endsWith('.css')) initialCss += initial ? kb : 0;
    else if (initial) initialJs += kb;
    else lazyJs += kb;
  }
  return { initialJsKBgz: round(initialJs), initialCssKBgz: round(initialCss), lazyJsKBgz: round(lazyJs), chunks };
}

async function firstEventRow(browser: Browser): Promise<number> {
  const server = await startServer([]);
  try {
    const p = await ProbedPage.open(browser, [], ['timeline-row']);
    try {
      await p.page.goto(`${server.url}/events`);
      return await p.firstSeen('timeline-row');
    } finally {
      await p.close();
    }
  } finally {
    await server.stop();
  }
}

// A string, not a function: tsx's name helpers (`__name`) do not exist in the page.
const SCROLL = `new Promise((resolve) => {
  let el = document.querySelector('[data-testid="alloc-row"]');
  while (el && !(el.scrollHeight > el.clientHeight && getComputedStyle(el).overflowY === 'auto')) el = el.parentElement;
  const scroller = el ?? document.scrollingElement;
  const until = performance.now() + 3000;
  const step = () => {
    scroller.scrollTop += 600;
    if (performance.now() < until && scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight)
      requestAnimationFrame(step);
    else resolve(scroller.scrollTop);
  };
  requestAnimationFrame(step);
})`;

async function allocationsTable(browser: Browser): Promise<Record<string, unknown>> {
  const server = await startServer(['--allocs', '20000']);
  try {
    const total = (await server.json<unknown[]>('/v1/allocations?task_states=false&namespace=*')).length;
    const p = await ProbedPage.open(browser, [], ['alloc-row']);
    try {
      await p.page.goto(`${server.url}/allocations?namespace=*`);
      const firstRowMs = await p.firstSeen('alloc-row', 60_000);
      await sleep(500);
      await p.probe(true);
      // Scroll the table's own scroller 600 px per frame for 3 s, as a fast wheel would.
      const scrolled = await p.page.evaluate<number>(SCROLL);
      const frames = await p.frameStats();
      return { allocations: total, firstRowMs, scrolledPx: scrolled, ...frames, heapMB: await p.heapMB(true) };
    } finally {
      await p.close();
    }
  } finally {
    await server.stop();
  }
}

export async function load(browser: Browser): Promise<Record<string, unknown>> {
  return {
    bundle: bundleSizes(),
    firstEventRowMs: await firstEventRow(browser),
    allocations20k: await allocationsTable(browser),
  };
}
