/**
 * Scenario 7, load: gzip size of every JS/CSS chunk in dist/ (initial = referenced by
 * index.html, lazy = the rest) and of each page's chunk with what it adds to the shell; time
 * to the first event row after navigating to /events and the JS fetched before that row;
 * and the allocations table at 20,000 allocations: first row, then scroll frame times.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';
import { ProbedPage, round } from '../lib/browser.ts';
import { ROOT, sleep, startServer } from '../lib/server.ts';

const gzKB = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;

/** Chunks a chunk imports statically (rolldown writes `from"./name.js"` / `import"./name.js"`). */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:import|from)\s*["']\.\/([^"'`]+\.js)["']/g)].map((m) => m[1]!);
}

export function bundleSizes(): Record<string, unknown> {
  const dist = join(ROOT, 'dist');
  const assets = join(dist, 'assets');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const initialNames = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]!));
  const chunks: Record<string, number> = {};
  let initialJs = 0;
  let lazyJs = 0;
  let initialCss = 0;
  for (const name of readdirSync(assets)) {
    if (!/\.(js|css)$/.test(name)) continue;
    const kb = gzKB(join(assets, name));
    chunks[name] = round(kb);
    const initial = initialNames.has(name);
    if (name.endsWith('.css')) initialCss += initial ? kb : 0;
    else if (initial) initialJs += kb;
    else lazyJs += kb;
  }
  // Per page: the route chunk the entry imports lazily, and what it adds with its static imports.
  const closure = (start: string[]) => {
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      for (const dep of staticImports(readFileSync(join(assets, f), 'utf8'))) visit(dep);
    };
    start.forEach(visit);
    return seen;
  };
  const entryJs = [...initialNames].filter((n) => n.endsWith('.js'));
  const shell = closure(entryJs);
  const routes: Record<string, { chunkKBgz: number; withDepsKBgz: number }> = {};
  const entryCode = entryJs.map((n) => readFileSync(join(assets, n), 'utf8')).join('\n');
  for (const m of entryCode.matchAll(/import\(\s*[`"']\.\/([^`"']+\.js)[`"']\s*\)/g)) {
    const file = m[1]!;
    const added = [...closure([file])].filter((f) => !shell.has(f));
    routes[file.replace(/-[\w-]{8}\.js$/, '')] = {
      chunkKBgz: round(gzKB(join(assets, file))),
      withDepsKBgz: round(added.reduce((a, f) => a + gzKB(join(assets, f)), 0)),
    };
  }
  return {
    initialJsKBgz: round(initialJs),
    initialCssKBgz: round(initialCss),
    lazyJsKBgz: round(lazyJs),
    routes,
    chunks,
  };
}

/**
 * Navigation to /events until the first row: the time, and the JS the page actually fetched
 * before that row was on screen (resource timing, gzip size of the same files in dist/).
 */
async function firstEventRow(browser: Browser): Promise<Record<string, unknown>> {
  const server = await startServer([]);
  try {
    const p = await ProbedPage.open(browser, [], ['timeline-row']);
    try {
      await p.page.goto(`${server.url}/events`);
      const firstRowMs = await p.firstSeen('timeline-row');
      const loaded = await p.page.evaluate((until) => {
        return performance
          .getEntriesByType('resource')
          .filter((e) => e.name.endsWith('.js') && (e as PerformanceResourceTiming).responseEnd <= until)
          .map((e) => new URL(e.name).pathname.replace('/assets/', ''));
      }, firstRowMs);
      const kb = loaded.reduce((a, f) => a + gzKB(join(ROOT, 'dist', 'assets', f)), 0);
      return { firstRowMs, initialJsKBgz: round(kb), jsFiles: loaded.length };
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
    // "Initial JS" in issue 8's sense: what /events loads before its first row.
    events: await firstEventRow(browser),
    allocations20k: await allocationsTable(browser),
  };
}
