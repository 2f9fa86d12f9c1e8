import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { eventId as id, exported, published } from './timeline-kit.ts';
import { ACL_URL } from './urls.ts';

const rows = (page: Page) => page.getByTestId('timeline-row');
const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });

/** The Index of the newest row (the list is newest first). */
async function newestIndex(page: Page): Promise<number> {
  return Number(await rows(page).first().getAttribute('data-index'));
}

/** "Showing N of M buffered": the number of rows the list holds. */
async function shown(page: Page): Promise<number> {
  const text = (await page.getByText(/^Showing [\d,]+ of/).textContent()) ?? '';
  return Number(/Showing ([\d,]+)/.exec(text)?.[1]?.replace(/,/g, '') ?? NaN);
}

test.describe('the event timeline', () => {
  test('is the home page and fills live as the cluster changes', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/events$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
    await expect(connection(page)).toContainText('Live');
    await expect(rows(page).first()).toBeVisible();
    const first = await newestIndex(page);
    // The scenario keeps the mock cluster busy: newer raft indexes arrive without a reload.
    await expect.poll(() => newestIndex(page), { timeout: 20_000 }).toBeGreaterThan(first);
  });

  test('a topic filter changes the subscription and the URL', async ({ page }) => {
    await page.goto('/events');
    await expect(rows(page).first()).toBeVisible();
    const resubscribed = page.waitForRequest((r) => {
      const url = new URL(r.url());
      return url.pathname === '/v1/event/stream' && url.searchParams.getAll('topic').join() === 'Node';
    });
    await page.getByLabel('Add topic').fill('Node');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await resubscribed;
    await expect(page).toHaveURL(/[?&]topic=Node(&|$)/);
    await expect(page.getByRole('list', { name: 'Subscribed topics' })).toContainText('Node');
    await expect(rows(page).first()).toBeVisible();
    for (const topic of await rows(page).locator('[role="cell"]:nth-child(3)').allTextContents()) {
      expect(topic).toBe('Node');
    }
    // The link carries the filter: a fresh page load subscribes the same way.
    await page.reload();
    await expect(page.getByRole('list', { name: 'Subscribed topics' })).toContainText('Node');
  });

  test('a topic Nomad would refuse is explained, not sent', async ({ page }) => {
    await page.goto('/events');
    await page.getByLabel('Add topic').fill('Job:a:b');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('Invalid key value pair for topic, topic: Job:a:b');
    await expect(page).toHaveURL(/\/events$/);
  });

  test('pause keeps receiving and shows "N new"; resume shows them all', async ({ page }) => {
    await page.goto('/events');
    await expect(rows(page).first()).toBeVisible();
    await page.getByRole('button', { name: 'Pause' }).click();
    const before = await shown(page);
    const pending = page.getByText(/^\d+ new$/);
    await expect(pending).toBeVisible();
    await expect
      .poll(async () => Number.parseInt((await pending.textContent()) ?? '0'), { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(await shown(page)).toBe(before);
    const waiting = Number.parseInt((await pending.textContent()) ?? '0');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(pending).toBeHidden();
    await expect.poll(() => shown(page)).toBeGreaterThanOrEqual(before + waiting);
  });

  test('keyboard: j moves, Enter opens the details, Esc closes them', async ({ page }) => {
    await page.goto('/events');
    await expect(rows(page).first()).toBeVisible();
    await page.getByRole('button', { name: 'Pause' }).click();
    // Focus is on the Pause button: j still moves, Enter on a button stays the button's.
    await page.keyboard.press('j');
    await expect(rows(page).first()).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('j');
    await expect(rows(page).nth(1)).toHaveAttribute('aria-selected', 'true');
    await page.getByRole('rowgroup', { name: /newest first/ }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Event details' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('region', { name: 'Payload' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await page.keyboard.press('/');
    await expect(page.getByLabel('Search key and summary')).toBeFocused();
  });
});

async function post(request: APIRequestContext, path: string, data: unknown = {}) {
  const res = await request.post(path, { data });
  expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
  return (await res.json()) as Record<string, unknown>;
}

test('a job page embeds the job’s own live timeline, linked to the Events page with the same filter', async ({
  page,
  request,
}) => {
  const job = `scoped-${Date.now()}`;
  await post(request, '/__mock/events/emit', { Job: { ID: job } });
  await page.goto(`/jobs/default/${job}`);
  const scoped = page.getByRole('region', { name: 'Job events' });
  await expect(scoped.getByRole('status', { name: 'Connection' })).toContainText('Live');
  // Replayed from the server's buffer: the registration and what followed.
  await expect(scoped.getByTestId('timeline-row').first()).toBeVisible();
  const summaries = scoped.getByTestId('timeline-row').locator('[role="cell"]:last-child');
  for (const summary of await summaries.allTextContents()) expect(summary).toContain(job);
  // Live: a change to the job arrives without a reload.
  const before = await scoped.getByTestId('timeline-row').count();
  await post(request, `/__mock/job/${job}`, { Priority: 77 });
  await expect.poll(() => scoped.getByTestId('timeline-row').count()).toBeGreaterThan(before);

  await scoped.getByRole('link', { name: 'Open in Events' }).click();
  await expect(page).toHaveURL(new RegExp(`/events\\?topic=Job%3A${job}&topic=Evaluation%3A${job}`));
  await expect(page.getByRole('list', { name: 'Subscribed topics' })).toContainText(`Allocation:${job}`);
});

/** The arrival number of the row at the top edge of the list's viewport. */
function rowAtTop(page: Page) {
  return page.getByRole('rowgroup', { name: /newest first/ }).evaluate((el) => {
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + 40, box.top + 4)?.closest<HTMLElement>('[data-seq]');
    return hit?.dataset.seq;
  });
}

test('scrolling away stops following: new events do not move the rows being read', async ({ page, request }) => {
  await page.goto('/events');
  await expect(connection(page)).toContainText('Live');
  await expect.poll(() => shown(page)).toBeGreaterThan(40);
  const list = page.getByRole('rowgroup', { name: /newest first/ });
  await list.evaluate((el) => el.scrollTo({ top: 20 * 32 }));
  const jump = page.getByRole('button', { name: 'Jump to newest' });
  await expect(jump).toBeVisible();
  const reading = await rowAtTop(page);
  expect(reading).toBeDefined();
  const received = await shown(page);
  await post(request, '/__mock/events/emit', { count: 3 });
  await expect.poll(() => shown(page)).toBeGreaterThan(received);
  expect(await rowAtTop(page)).toBe(reading);
  await jump.click();
  await expect(jump).toBeHidden();
  await expect(rows(page).first()).toBeInViewport();
  expect(await list.evaluate((el) => el.scrollTop)).toBe(0);
});

test.describe('faults', () => {
  // Only the test's own writes move the cluster, so the server's record is final.
  test.beforeEach(async ({ request }) => {
    await post(request, '/__mock/scenario/pause');
  });
  test.afterEach(async ({ request }) => {
    await post(request, '/__mock/streams/stall?resume=1');
    await post(request, '/__mock/scenario/resume');
  });

  test('after the server drops every stream, the timeline reconnects with no duplicate and no missing event', async ({
    page,
    request,
  }) => {
    await page.goto('/events');
    await expect(connection(page)).toContainText('Live');
    const before = await published(request, 0);
    await post(request, '/__mock/events/emit', { count: 10 });
    const dropped = await post(request, '/__mock/streams/drop');
    expect(dropped.Dropped).toBeGreaterThanOrEqual(1);
    // Written while the page is between connections: only the resume index can bring them.
    const during = await post(request, '/__mock/events/emit', { count: 10 });
    await expect(connection(page)).toContainText('1 reconnect');
    await post(request, '/__mock/events/emit', { count: 5 });
    // The newest batch this subscription (every topic, namespace default) receives.
    const after = await published(request, before.at(-1)?.Index ?? 0);
    expect(after.length).toBeGreaterThan(0);
    await expect(page.getByText(new RegExp(`last index ${after.at(-1)!.Index}$`))).toBeVisible();

    const mine = await exported(page);
    expect(mine.length).toBeGreaterThan(0);
    const first = Math.min(...mine.map((e) => e.Index));
    const record = (await published(request, first - 1)).flatMap((b) => b.Events);
    // Nomad publishes some raft indexes as two batches (object, then its evaluations); the
    // buffer may already have evicted the first of them when the page subscribed, so the page
    // may start inside its first index — never later than that.
    const start = record.findIndex((e) => id(e) === id(mine[0]!));
    expect(start).toBeGreaterThanOrEqual(0);
    expect(record.slice(0, start).every((e) => e.Index === first)).toBe(true);
    const theirs = record.slice(start);
    expect(mine.map(id)).toEqual(theirs.map(id));
    expect(mine.some((e) => e.Index >= Number(during.FromIndex) && e.Index <= Number(during.Index))).toBe(true);
    await expect(page.getByText(/Possible gap/)).toHaveCount(0);
  });

  test('a stalled stream is detected by the heartbeat watchdog and recovered', async ({ page, request }) => {
    await page.clock.install();
    await page.goto('/events');
    await expect(connection(page)).toContainText('Live');
    const stalled = await post(request, '/__mock/streams/stall');
    expect(stalled.Stalled).toBeGreaterThanOrEqual(1);
    // Nomad's heartbeat is 30 s; the watchdog calls a connection silent after 45 s.
    await page.clock.fastForward('00:46');
    await expect(connection(page)).toContainText('Stalled');
    await expect(connection(page)).toContainText('No data for 45 s');
    await expect(connection(page)).toContainText('Live (1 reconnect, 1 stall)');
    // The new connection carries events again.
    // A job in the page's namespace, so the new events are surely in its subscription; wait for
    // the newest batch the server published for it (a scenario step may touch other namespaces only).
    const emitted = await post(request, '/__mock/events/emit', {
      Job: { ID: `stall-probe-${Date.now()}`, Namespace: 'default' },
    });
    const mine = await published(request, Number(emitted.FromIndex) - 1);
    expect(mine.length).toBeGreaterThan(0);
    // The rollout may go on writing after this answer: the page must reach at least this batch.
    const lastIndex = async () =>
      Number(/last index (\d+)$/.exec((await page.getByText(/last index \d+$/).textContent()) ?? '')?.[1] ?? 0);
    await expect.poll(lastIndex).toBeGreaterThanOrEqual(mine.at(-1)!.Index);
  });
});

test.describe('with ACLs', () => {
  test.use({ baseURL: ACL_URL });

  test('a restricted token asking for every topic gets the specific permission message', async ({ page }) => {
    const res = await page.request.get('/__mock/tokens');
    const tokens = (await res.json()) as { name: string; secretId: string }[];
    const prod = tokens.find((t) => /prod read-only/i.test(t.name));
    expect(prod).toBeDefined();
    await page.goto('/settings');
    await page.getByLabel('Secret ID').fill(prod!.secretId);
    await page.getByRole('button', { name: 'Save token' }).click();
    await expect(page.getByText(prod!.name).first()).toBeVisible();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'refused this subscription' });
    await expect(alert).toContainText('Probably permission denied');
    await expect(alert).toContainText('every topic (*)');
    await expect(alert).toContainText('management token');
    await expect(connection(page)).toContainText('Closed');
    await expect(page.getByText(prod!.secretId)).toHaveCount(0);

    // Topics this token may read, in its namespace, stream fine.
    await page.goto('/events?namespace=prod&topic=Job');
    await expect(connection(page)).toContainText('Live');
    await expect(page.getByRole('alert').filter({ hasText: 'refused' })).toHaveCount(0);
  });
});
