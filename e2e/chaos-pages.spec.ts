/**
 * Every page under faults that are tuned to no page in particular (issue 9, "with faults and
 * inputs that are not listed here, against every page"). All pages are open at once, each in
 * its own browser context (its own connection pool, as separate tabs of separate users), and
 * go through three phases:
 *  A. a random mix on all of /v1/ (5xx and `No cluster leader`, latency, drops, split writes,
 *     garbled frames) with a mock restart while they are open: nothing crashes, nothing is blank;
 *  B. an outage (every plain request answers 503 or `No cluster leader`, every stream and socket
 *     is dropped at once) after another restart: each page that was talking to Nomad says what
 *     failed, without a reload;
 *  C. the faults are cleared: each page shows its data again, still without a reload.
 */
import { expect, test, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';

const MIX = {
  seed: 9,
  paths: ['/v1/'],
  errors: { rate: 0.3, kinds: ['500', '502', '503', 'no-leader'] },
  latency: { ms: 20, jitterMs: 200 },
  drop: { rate: 0.2, afterBytes: [0, 4000] },
  split: { rate: 0.5 },
  garble: { rate: 0.05 },
};
/** Errors win over drops for plain requests, so those get a status; streams and sockets are cut. */
const OUTAGE = {
  seed: 3,
  paths: ['/v1/'],
  errors: { rate: 1, kinds: ['503', 'no-leader'] },
  drop: { rate: 1, afterBytes: [0, 0] },
};
/** What a page may say while Nomad fails: the status, Nomad's text, or that it is unreachable/retrying. */
const FAILED =
  /Service Unavailable|Internal Server Error|Bad Gateway|No cluster leader|Failed to fetch|unreachable|cannot check the token|Reconnecting|retrying|connection (was )?(lost|dropped|closed)|1006/i;
const CRASHED = /Something went wrong|This page failed to display|nomad-live failed to start/;
const SINK = 'chaos-pages';

interface Counters {
  Requests: number;
  Errors: number;
  Dropped: number;
  Split: number;
  Garbled: number;
  Delayed: number;
}
const counters = async (request: APIRequestContext): Promise<Counters> =>
  ((await (await request.get('/__mock/faults')).json()) as { Counters: Counters }).Counters;
const delta = (a: Counters, b: Counters) =>
  (['Requests', 'Errors', 'Dropped', 'Split', 'Garbled', 'Delayed'] as const)
    .map((k) => `${k.toLowerCase()} ${b[k] - a[k]}`)
    .join(', ');

interface PageCase {
  name: string;
  url: string;
  /** Visible once the page shows its data. */
  ready: (p: Page) => Locator;
  /** Holds a live request (blocking query, stream, socket) that the outage cuts. */
  live: boolean;
  /** Run once the data is in (opens the drawer, the editor…); must still hold at the end. */
  open?: (p: Page) => Promise<Locator>;
  /** Open it during the faults (A) or once they are over (C). */
  openAt?: 'A' | 'C';
  /** After the faults (C), also proves that new data flows again (printed with `why`). */
  flowing?: { why: string; check: (p: Page) => Promise<void> };
}

interface Opened {
  c: PageCase;
  page: Page;
  errors: string[];
  extra?: Locator | undefined;
  said?: string;
  recoveredMs?: number;
}

/** The freshness badges of the page's live views (LiveIndicator: an unlabelled status). */
const freshness = (page: Page) =>
  page
    .locator('main [role=status]:not([aria-label])')
    .filter({ hasText: /^(Live|Connecting|Reconnecting|Offline|Stopped)/ });
const notices = (page: Page) => page.locator('main').locator('[role=status], [role=alert]').filter({ hasText: FAILED });

async function fixtures(request: APIRequestContext) {
  const allocs = (await (await request.get('/v1/allocations?namespace=default')).json()) as {
    ID: string;
    JobID: string;
    ClientStatus: string;
    TaskStates: Record<string, { State: string }> | null;
  }[];
  const alloc = allocs.find(
    (a) => a.ClientStatus === 'running' && a.JobID === 'web-frontend' && Object.keys(a.TaskStates ?? {}).length,
  )!;
  const task = Object.keys(alloc.TaskStates ?? {})[0]!;
  const nodes = (await (await request.get('/v1/nodes')).json()) as { ID: string; Name: string; Status: string }[];
  const node = nodes.find((n) => n.Status === 'ready' && n.Name.startsWith('dc1-'))!;
  return { alloc: alloc.ID, task, node };
}

function cases(f: Awaited<ReturnType<typeof fixtures>>): PageCase[] {
  const a = `/allocations/${f.alloc}`;
  return [
    {
      name: 'events + drawer',
      url: '/events',
      live: true,
      ready: (p) => p.getByTestId('timeline-row').first(),
      openAt: 'A',
      open: async (p) => {
        await p.getByRole('rowgroup', { name: /newest first/ }).focus();
        await p.keyboard.press('j');
        await p.keyboard.press('Enter');
        const dialog = p.getByRole('dialog', { name: 'Event details' });
        await expect(dialog).toBeVisible();
        return dialog;
      },
    },
    {
      name: 'allocations',
      url: '/allocations',
      live: true,
      ready: (p) => p.getByRole('row').filter({ hasText: 'web-frontend' }).first(),
    },
    { name: 'allocation', url: a, live: true, ready: (p) => p.getByText('Desired status') },
    {
      name: 'files',
      url: `${a}/files/`,
      live: false,
      ready: (p) => p.getByRole('row', { name: /alloc\// }),
    },
    {
      name: 'file viewer',
      url: `${a}/files/alloc/logs/${f.task}.stdout.0`,
      live: false,
      ready: (p) => p.getByText(/^Showing bytes/),
    },
    {
      name: 'logs',
      url: `${a}/logs/${f.task}`,
      live: true,
      ready: (p) => p.getByTestId('log-row').first(),
      flowing: {
        why: 'new lines arrive after the faults',
        check: async (p) => {
          const inMemory = async () =>
            Number(
              /^([\d,]+)/.exec((await p.getByText(/lines in memory/).textContent()) ?? '')?.[1]?.replace(/,/g, ''),
            );
          const before = await inMemory();
          await expect
            .poll(inMemory, { message: 'logs: new lines after the faults', timeout: 20_000 })
            .toBeGreaterThan(before);
        },
      },
    },
    { name: 'exec', url: `${a}/exec/${f.task}`, live: true, ready: (p) => p.getByLabel('Command') },
    {
      name: 'jobs',
      url: '/jobs',
      live: true,
      ready: (p) => p.getByRole('link', { name: 'web-frontend', exact: true }),
    },
    {
      name: 'job',
      url: '/jobs/default/web-frontend',
      live: true,
      ready: (p) => p.locator('dt', { hasText: /^Priority$/ }),
    },
    {
      name: 'nodes',
      url: '/nodes',
      live: true,
      ready: (p) => p.getByRole('link', { name: f.node.Name, exact: true }),
    },
    {
      name: 'node + metadata editor',
      url: `/nodes/${f.node.ID}`,
      live: true,
      ready: (p) => p.getByRole('table', { name: 'Node metadata' }),
      openAt: 'C',
      open: async (p) => {
        const key = p.getByLabel('Key', { exact: true });
        await key.fill('chaos.sweep');
        return key;
      },
    },
    // The sinks server is ours and stays up; the rows poll it, and it checks the token with Nomad.
    { name: 'sinks list', url: '/sinks', live: true, ready: (p) => p.getByRole('link', { name: SINK }) },
    {
      // Its blocking read is held by our server, which the outage does not cut: reloaded instead.
      name: 'sink detail',
      url: `/sinks?sink=${SINK}`,
      live: false,
      ready: (p) => p.getByRole('heading', { name: SINK }),
    },
    {
      name: 'sink form',
      url: '/sinks?new',
      live: false,
      ready: (p) => p.getByLabel('Address'),
    },
    {
      name: 'settings',
      url: '/settings',
      live: false,
      ready: (p) => p.getByText(/ACLs are disabled on this cluster/),
    },
    {
      name: '404',
      url: '/no/such/page',
      live: false,
      ready: (p) => p.getByRole('heading', { name: 'Page not found' }),
    },
  ];
}

/** Runs `check` on every page at once and reports every page that failed, not just the first. */
async function each(opened: Opened[], check: (o: Opened) => Promise<void>): Promise<void> {
  const results = await Promise.allSettled(opened.map(check));
  const failed: string[] = [];
  for (const [i, r] of results.entries()) {
    if (r.status === 'fulfilled') continue;
    const shown = await opened[i]!.page.locator('main')
      .innerText({ timeout: 1_000 })
      .catch(() => '(no main)');
    const badges = await freshness(opened[i]!.page)
      .allInnerTexts()
      .catch(() => []);
    failed.push(
      `badges ${JSON.stringify(badges)} ` +
        `${String(r.reason).split('\n').slice(0, 4).join(' ')} | page shows: ${shown.replace(/\s+/g, ' ').slice(0, 300)}`,
    );
  }
  expect(failed, 'pages that failed this phase').toEqual([]);
}

async function openAll(browser: Browser, list: PageCase[]): Promise<Opened[]> {
  return Promise.all(
    list.map(async (c) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(c.url);
      await page.evaluate(() => ((window as unknown as { chaosMark?: number }).chaosMark = 1));
      return { c, page, errors };
    }),
  );
}

/** Not crashed, not blank, and not reloaded since it was opened. */
async function sane(o: Opened): Promise<void> {
  await expect(o.page.getByText(CRASHED), `${o.c.name}: no error boundary`).toHaveCount(0);
  await expect(o.page.locator('main h1').first(), `${o.c.name}: not blank`).toBeVisible();
  expect(
    await o.page.evaluate(() => (window as unknown as { chaosMark?: number }).chaosMark),
    `${o.c.name}: never reloaded`,
  ).toBe(1);
  expect(o.errors, `${o.c.name}: no uncaught exception`).toEqual([]);
}

/** The page shows its data again without a reload and without a click. */
async function recover(o: Opened): Promise<void> {
  await expect(o.c.ready(o.page), `${o.c.name}: data after the faults`).toBeVisible({ timeout: 20_000 });
}

test.beforeEach(async ({ request }) => {
  expect((await request.delete('/__mock/faults')).ok()).toBe(true);
  expect((await request.post('/__mock/reset')).ok()).toBe(true);
  const put = await request.put(`/v1/event/sink/${SINK}`, {
    data: { ID: SINK, Type: 'webhook', Address: 'http://127.0.0.1:9/hook', Topics: { Job: ['*'] } },
  });
  expect(put.ok()).toBe(true);
});

test.afterEach(async ({ request }) => {
  await request.delete('/__mock/faults');
  await request.delete(`/v1/event/sink/${SINK}`);
});

test('every page survives random faults and an outage with restarts, says what failed, and recovers without a reload', async ({
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  const all = cases(await fixtures(request));
  const t0 = await counters(request);
  let since = Date.now();
  /** Time since the last lap, e.g. `12.3 s`. */
  const lap = () => {
    const now = Date.now();
    const took = `${((now - since) / 1000).toFixed(1)} s`;
    since = now;
    return took;
  };

  // A. The random mix from the first request on, and a restart while the pages are open.
  expect((await request.put('/__mock/faults', { data: MIX })).ok()).toBe(true);
  const opened = await openAll(browser, all);
  // Data, or a message saying what failed (a one-shot read may spend its retries here).
  await each(opened, (o) =>
    expect(o.c.ready(o.page).or(notices(o.page)).first(), `${o.c.name}: data or a message under faults`).toBeVisible({
      timeout: 25_000,
    }),
  );
  expect((await request.post('/__mock/restart?downtime=1000')).ok()).toBe(true);
  for (const o of opened) if (o.c.open && o.c.openAt === 'A') o.extra = await o.c.open(o.page);
  await each(opened, sane);
  const tA = await counters(request);
  const timeA = lap();
  console.log(`chaos-pages A done in ${timeA}`);

  // B. An outage that starts with a restart: every live request is cut, every retry fails.
  expect((await request.put('/__mock/faults', { data: OUTAGE })).ok()).toBe(true);
  expect((await request.post('/__mock/restart?downtime=1500')).ok()).toBe(true);
  await each(
    opened.filter((o) => o.c.live),
    async (o) => {
      await expect(notices(o.page).first(), `${o.c.name}: says what failed`).toBeVisible({ timeout: 15_000 });
      o.said = ((await notices(o.page).first().textContent()) ?? '').replace(/\s+/g, ' ').slice(0, 90);
    },
  );
  await each(opened, sane);
  const tB = await counters(request);
  const timeB = lap();
  console.log(`chaos-pages B done in ${timeB}`);

  // C. Faults cleared: data again, still without a reload.
  expect((await request.delete('/__mock/faults')).ok()).toBe(true);
  const cleared = Date.now();
  await each(opened, async (o) => {
    await recover(o);
    // Every freshness note of the page says Live again, or is gone (the logs page's
    // "Reconnecting to stdout" note disappears once it is back). Streams back off up to 30 s
    // between attempts (retry-policy.ts), so one may take that long.
    await expect(freshness(o.page).filter({ hasNotText: /^Live/ }), `${o.c.name}: live again`).toHaveCount(0, {
      timeout: 32_000,
    });
    if (o.c.flowing) await o.c.flowing.check(o.page);
    if (o.extra) await expect(o.extra, `${o.c.name}: still open`).toBeVisible();
    o.recoveredMs = Date.now() - cleared;
    if (o.c.open && o.c.openAt === 'C') o.extra = await o.c.open(o.page);
  });
  await each(opened, sane);
  const tC = await counters(request);
  const timeC = lap();
  console.log(`chaos-pages C done in ${timeC}`);

  console.log(`chaos-pages: ${opened.length} pages, each in its own context, two mock restarts while open`);
  console.log(`  mix     (A, ${timeA}): ${delta(t0, tA)}`);
  console.log(`  outage  (B, ${timeB}): ${delta(tA, tB)}`);
  console.log(`  cleared (C, ${timeC}): ${delta(tB, tC)}`);
  for (const o of opened)
    console.log(
      `  ${o.c.name.padEnd(24)} said: ${o.said ? `"${o.said}"` : '(no live request to fail)'}; ` +
        `data back ${o.recoveredMs} ms after the faults cleared, ` +
        `no reload, no page error` +
        (o.c.flowing ? ` (${o.c.flowing.why})` : ''),
    );
  await Promise.all(opened.map((o) => o.page.context().close()));
});
