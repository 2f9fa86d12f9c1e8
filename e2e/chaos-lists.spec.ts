/**
 * Blocking-query chaos (issue 9): live lists while the cluster loses its leader or answers
 * 5xx. The lists keep their last data, say they are stale and since when, and come back to
 * live without a reload once the fault ends — and then show what changed meanwhile.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';

const JOB = 'web-frontend';

/**
 * The freshness badges of a page's live views (LiveIndicator: an unlabelled status; the
 * event panel's labelled "Connection" status is a stream, which leader loss leaves alone).
 */
const freshness = (page: Page) =>
  page
    .locator('[role=status]:not([aria-label])')
    .filter({ hasText: /^(Live|Connecting|Reconnecting|Offline|Stopped)/ });

/** Every live view of the page says `text` (and there is at least one). */
async function allSay(page: Page, text: string | RegExp, timeout = 10_000): Promise<void> {
  await expect(freshness(page).first()).toBeVisible();
  const n = await freshness(page).count();
  for (let i = 0; i < n; i++) {
    if (typeof text === 'string') await expect(freshness(page).nth(i)).toHaveText(text, { timeout });
    else await expect(freshness(page).nth(i)).toContainText(text, { timeout });
  }
}

const STALE = /Reconnecting, stale since \d{1,2}:\d{2}:\d{2}/;

interface Views {
  allocations: Page;
  job: Page;
  nodes: Page;
}

/** The allocations list, a job page and the nodes list, open side by side and live. */
async function openViews(browser: Browser): Promise<Views & { close(): Promise<void> }> {
  const context = await browser.newContext();
  const open = async (path: string) => {
    const page = await context.newPage();
    await page.goto(path);
    await allSay(page, 'Live');
    return page;
  };
  const views = {
    allocations: await open('/allocations'),
    job: await open(`/jobs/default/${JOB}`),
    nodes: await open('/nodes'),
  };
  await expect(views.allocations.getByRole('row').nth(1)).toBeVisible();
  await expect(views.nodes.getByRole('row').nth(1)).toBeVisible();
  return { ...views, close: () => context.close() };
}

const rowCount = (page: Page) => page.getByRole('row').count();
const priority = (page: Page) => page.locator('dt', { hasText: /^Priority$/ }).locator('xpath=following-sibling::dd');

test.beforeEach(async ({ request }) => {
  expect((await request.post('/__mock/leader?state=elected')).ok()).toBe(true);
  expect((await request.post('/__mock/reset')).ok()).toBe(true);
});

test.afterEach(async ({ request }) => {
  await request.post('/__mock/leader?state=elected');
  await request.delete('/__mock/faults');
});

test('leader loss: lists keep their data, say since when they are stale, and recover without a reload', async ({
  browser,
  request,
}) => {
  test.setTimeout(60_000);
  const views = await openViews(browser);
  try {
    const rows = { allocations: await rowCount(views.allocations), nodes: await rowCount(views.nodes) };
    const before = Number(await priority(views.job).textContent());
    const started = Date.now();

    const refused = async () => ((await (await request.get('/__mock/leader')).json()) as { Refused: number }).Refused;
    const refusedBefore = await refused();
    expect((await (await request.post('/__mock/leader?state=lost')).json()).Leader).toBe('lost');
    // A change while there is no leader (control routes write the store directly): the job
    // page can only learn it once the leader is back.
    const patched = before === 77 ? 78 : 77;
    expect((await request.post(`/__mock/job/${JOB}`, { data: { Priority: patched } })).ok()).toBe(true);

    await Promise.all(
      [views.allocations, views.job, views.nodes].map(async (page) => {
        await allSay(page, STALE);
        await allSay(page, /No cluster leader/);
      }),
    );
    // The last data stays on screen.
    expect(await rowCount(views.allocations)).toBe(rows.allocations);
    expect(await rowCount(views.nodes)).toBe(rows.nodes);
    await expect(priority(views.job)).toHaveText(String(before));
    // A long enough election that the views' retries have backed off to seconds apart.
    await expect.poll(refused, { timeout: 30_000 }).toBeGreaterThanOrEqual(refusedBefore + 40);

    expect((await (await request.post('/__mock/leader?state=elected')).json()).Leader).toBe('elected');
    const elected = Date.now();
    const staleSeconds = ((elected - started) / 1000).toFixed(1);
    await Promise.all([views.allocations, views.job, views.nodes].map((page) => allSay(page, 'Live', 20_000)));
    const recovered = Date.now();
    await expect(priority(views.job)).toHaveText(String(patched));
    expect(await rowCount(views.allocations)).toBeGreaterThan(1);
    console.log(
      `chaos-lists (leader loss): ${(await refused()) - refusedBefore} requests answered "No cluster leader"; ` +
        `3 live views stale for ${staleSeconds} s, ` +
        `all live again ${((recovered - elected) / 1000).toFixed(1)} s after the election, no reload; ` +
        `kept ${rows.allocations - 1} allocation rows and ${rows.nodes - 1} node rows on screen meanwhile`,
    );
  } finally {
    await views.close();
  }
});

test('5xx answers: lists keep their data, say since when they are stale, and recover without a reload', async ({
  browser,
  request,
}) => {
  test.setTimeout(60_000);
  const views = await openViews(browser);
  try {
    const rows = { allocations: await rowCount(views.allocations), nodes: await rowCount(views.nodes) };
    const before = Number(await priority(views.job).textContent());
    const faults = await request.put('/__mock/faults', {
      data: { seed: 3, paths: ['/v1/'], errors: { rate: 1, kinds: ['500', '502', '503', 'no-leader'] } },
    });
    expect(faults.ok()).toBe(true);
    const counted = async () =>
      ((await (await request.get('/__mock/faults')).json()) as { Counters: { Errors: number } }).Counters.Errors;
    const errorsBefore = await counted();
    // Errors answer new requests; a server restart (no downtime) ends the blocking queries
    // that are already waiting, so every view asks again and gets one.
    expect((await request.post('/__mock/restart?downtime=0')).ok()).toBe(true);
    const started = Date.now();
    const patched = before === 77 ? 78 : 77;
    expect((await request.post(`/__mock/job/${JOB}`, { data: { Priority: patched } })).ok()).toBe(true);

    await Promise.all([views.allocations, views.job, views.nodes].map((page) => allSay(page, STALE)));
    expect(await rowCount(views.allocations)).toBe(rows.allocations);
    expect(await rowCount(views.nodes)).toBe(rows.nodes);
    await expect(priority(views.job)).toHaveText(String(before));
    // Long enough that the views' retries have backed off to seconds apart.
    await expect.poll(counted, { timeout: 30_000 }).toBeGreaterThanOrEqual(errorsBefore + 40);

    expect((await request.delete('/__mock/faults')).ok()).toBe(true);
    const healed = Date.now();
    await Promise.all([views.allocations, views.job, views.nodes].map((page) => allSay(page, 'Live', 20_000)));
    const recovered = Date.now();
    await expect(priority(views.job)).toHaveText(String(patched));
    console.log(
      `chaos-lists (5xx): ${(await counted()) - errorsBefore} requests answered 500/502/503/no-leader over ` +
        `${((healed - started) / 1000).toFixed(1)} s; 3 live views stale meanwhile with their rows kept, ` +
        `all live again ${((recovered - healed) / 1000).toFixed(1)} s after the errors stopped, no reload`,
    );
  } finally {
    await views.close();
  }
});
