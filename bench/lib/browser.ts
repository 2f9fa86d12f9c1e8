/**
 * Chromium driven by Playwright, with in-page probes: rAF frame deltas, long tasks
 * (PerformanceObserver), CDP heap usage and CDP network byte counts per URL pattern.
 * Bare baseline pages under `/__bench/` are answered by Playwright itself (page.route),
 * so the server under test needs no bench-only route and streams stay same-origin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './server.ts';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';

/** Files the baseline pages load, from the app's own dependencies. */
const ASSETS: Record<string, { path: string; type: string }> = {
  'xterm.js': { path: 'node_modules/@xterm/xterm/lib/xterm.js', type: 'text/javascript' },
  'xterm.css': { path: 'node_modules/@xterm/xterm/css/xterm.css', type: 'text/css' },
};

const PROBE = `(() => {
  const b = { frames: [], longTasks: [], on: false, last: 0 };
  window.__bench = b;
  const tick = (t) => {
    if (b.on && b.last) b.frames.push(t - b.last);
    b.last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  // First appearance (ms since navigation) of the test ids the runner watches.
  const watch = new Set(WATCH);
  b.firstSeen = {};
  if (watch.size) {
    const mo = new MutationObserver(() => {
      for (const id of watch) {
        if (!document.querySelector('[data-testid="' + id + '"]')) continue;
        b.firstSeen[id] = performance.now();
        watch.delete(id);
      }
      if (!watch.size) mo.disconnect();
    });
    document.addEventListener('DOMContentLoaded', () => mo.observe(document.body, { childList: true, subtree: true }));
  }
  try {
    new PerformanceObserver((list) => {
      if (!b.on) return;
      for (const e of list.getEntries()) b.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  } catch {}
})();`;

export interface FrameStats {
  frames: number;
  p95FrameMs: number;
  maxFrameMs: number;
  longTasks: number;
  longTaskTotalMs: number;
  longTaskMaxMs: number;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH?.trim() || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      // Baseline pages are answered by Playwright, which Chromium files as a public address:
      // without this, their WebSocket to the loopback mock is blocked (local network access).
      '--disable-features=LocalNetworkAccessChecks',
    ],
  });
}

export class ProbedPage {
  private bytes = new Map<string, number>();
  private urls = new Map<string, string>();
  /** WebSocket frames as CDP saw them: monotonic seconds, sent (true) or received. */
  readonly wsFrames: { t: number; sent: boolean }[] = [];
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly cdp: CDPSession,
    private readonly patterns: RegExp[],
  ) {}

  /** A fresh context and page; `patterns` name the requests whose received bytes are counted. */
  static async open(browser: Browser, patterns: RegExp[], watch: string[] = []): Promise<ProbedPage> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(PROBE.replace('WATCH', JSON.stringify(watch)));
    await context.route(/\/__bench\//, (route) => {
      const name = new URL(route.request().url()).pathname.replace('/__bench/', '');
      const asset = ASSETS[name];
      if (asset) return route.fulfill({ contentType: asset.type, body: readFileSync(join(ROOT, asset.path), 'utf8') });
      if (!/^[a-z-]+\.html$/.test(name)) return route.fulfill({ status: 404 });
      return route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: readFileSync(join(import.meta.dirname, '..', 'pages', name), 'utf8'),
      });
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const p = new ProbedPage(context, page, cdp, patterns);
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', (e) => p.urls.set(e.requestId, e.request.url));
    cdp.on('Network.webSocketFrameSent', (e) => p.wsFrames.push({ t: e.timestamp, sent: true }));
    cdp.on('Network.webSocketFrameReceived', (e) => p.wsFrames.push({ t: e.timestamp, sent: false }));
    cdp.on('Network.dataReceived', (e) => {
      const url = p.urls.get(e.requestId);
      const pattern = url && p.patterns.find((re) => re.test(url));
      if (pattern) p.bytes.set(pattern.source, (p.bytes.get(pattern.source) ?? 0) + e.dataLength);
    });
    return p;
  }

  /** Decoded bytes received so far by requests matching `pattern`. */
  received(pattern: RegExp): number {
    return this.bytes.get(pattern.source) ?? 0;
  }

  async probe(on: boolean): Promise<void> {
    await this.page.evaluate((v) => {
      const b = (window as unknown as { __bench: { on: boolean; frames: number[]; longTasks: number[] } }).__bench;
      if (v) {
        b.frames = [];
        b.longTasks = [];
      }
      b.on = v;
    }, on);
  }

  async frameStats(): Promise<FrameStats> {
    const { frames, longTasks } = await this.page.evaluate(() => {
      const b = (window as unknown as { __bench: { frames: number[]; longTasks: number[] } }).__bench;
      return { frames: b.frames, longTasks: b.longTasks };
    });
    return {
      frames: frames.length,
      p95FrameMs: round(percentile(frames, 0.95)),
      maxFrameMs: round(Math.max(0, ...frames)),
      longTasks: longTasks.length,
      longTaskTotalMs: round(longTasks.reduce((a, b) => a + b, 0)),
      longTaskMaxMs: round(Math.max(0, ...longTasks)),
    };
  }

  /** JS heap in use (MB), optionally after a forced GC (what the page really retains). */
  async heapMB(gc = false): Promise<number> {
    if (gc) await this.cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await this.cdp.send('Runtime.getHeapUsage');
    return round(usedSize / 1e6);
  }

  /** When `testId` first appeared, in ms since navigation start; waits up to `timeoutMs`. */
  async firstSeen(testId: string, timeoutMs = 30_000): Promise<number> {
    await this.page.locator(`[data-testid="${testId}"]`).first().waitFor({ timeout: timeoutMs });
    const t = await this.page.evaluate(
      (id) => (window as unknown as { __bench: { firstSeen: Record<string, number> } }).__bench.firstSeen[id],
      testId,
    );
    return round(t ?? NaN);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

export function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
