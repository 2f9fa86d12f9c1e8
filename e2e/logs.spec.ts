import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ACL_URL } from './urls.ts';

interface Alloc {
  ID: string;
  JobID: string;
  ClientStatus: string;
  TaskStates: Record<string, { State: string }> | null;
}

/** A running allocation with a running task, and that task's name. */
async function runningTask(
  request: APIRequestContext,
  { base = '', namespace = 'default', job = 'web-frontend', token = '' } = {},
): Promise<{ id: string; task: string }> {
  const headers = token ? { 'X-Nomad-Token': token } : undefined;
  const res = await request.get(`${base}/v1/allocations?namespace=${namespace}`, { headers });
  const allocs = (await res.json()) as Alloc[];
  for (const a of allocs.filter((x) => x.ClientStatus === 'running' && (!job || x.JobID === job))) {
    const task = Object.entries(a.TaskStates ?? {}).find(([, s]) => s.State === 'running')?.[0];
    if (task) return { id: a.ID, task };
  }
  throw new Error(`no running ${job} allocation in ${namespace}`);
}

/** The last complete line of a task's log, read straight from the API. */
async function lastLine(request: APIRequestContext, id: string, task: string, type = 'stdout'): Promise<string> {
  const res = await request.get(`/v1/client/fs/logs/${id}?task=${task}&type=${type}&plain=true&origin=end&offset=4096`);
  const lines = (await res.text()).split('\n');
  lines.pop(); // after the final newline
  return lines.at(-1)!;
}

const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[[0-9;]*[A-Za-z]`, 'g');
const strip = (s: string) => s.replace(ANSI, '');
const rows = (page: Page) => page.getByTestId('log-row');
const inMemory = async (page: Page) =>
  Number(
    /^([\d,]+)/.exec((await page.getByText(/lines in memory/).textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? NaN,
  );

test.beforeEach(async ({ request }) => {
  expect((await request.post('/__mock/reset')).ok()).toBe(true);
});

test('opens at the tail and follows new lines live', async ({ page, request }) => {
  const { id, task } = await runningTask(request);
  await request.post(`/__mock/logs/${id}/${task}/freeze`);
  await page.goto(`/allocations/${id}/logs/${task}?strip=1`);
  await expect(rows(page).last()).toHaveText(new RegExp(reEscape(strip(await lastLine(request, id, task)))));
  await expect(page.getByRole('button', { name: /Following/ })).toBeVisible();
  const before = await inMemory(page);

  await request.post(`/__mock/logs/${id}/${task}/burst?type=stdout&lines=300`);
  await expect.poll(() => inMemory(page)).toBeGreaterThanOrEqual(before + 300);
  // Still following: the newest line is on screen.
  await expect(rows(page).last()).toHaveText(new RegExp(reEscape(strip(await lastLine(request, id, task)))));
  await request.post(`/__mock/logs/${id}/${task}/unfreeze`);
});

test('scrolling up pauses following and counts new lines', async ({ page, request }) => {
  const { id, task } = await runningTask(request);
  await request.post(`/__mock/logs/${id}/${task}/freeze`);
  await page.goto(`/allocations/${id}/logs/${task}`);
  await expect(rows(page).first()).toBeVisible();
  await page.getByRole('log', { name: 'Log lines' }).hover();
  await page.mouse.wheel(0, -2000);
  await expect(page.getByRole('button', { name: 'Follow', exact: false }).first()).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await request.post(`/__mock/logs/${id}/${task}/burst?type=stdout&lines=50`);
  const pill = page.getByRole('button', { name: /new lines · Jump to end/ });
  await expect(pill).toBeVisible();
  await pill.click();
  await expect(page.getByRole('button', { name: /Following/ })).toBeVisible();
  await request.post(`/__mock/logs/${id}/${task}/unfreeze`);
});

test('search counts matches; filter shows only matching lines and applies to new ones; a bad regex is reported', async ({
  page,
  request,
}) => {
  const { id, task } = await runningTask(request);
  await page.goto(`/allocations/${id}/logs/${task}?type=stderr`);
  await expect(rows(page).first()).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search logs' })).toBeFocused();
  await page.keyboard.type('warn');
  await expect(page.getByText(/\d+ matching lines?/)).toBeVisible();
  await expect(page.locator('mark').first()).toBeVisible();

  await page.getByLabel('Show only matching lines').check();
  await expect(page).toHaveURL(/mode=filter/);
  const onlyMatches = async () => {
    const texts = await rows(page).allTextContents();
    return texts.length > 0 && texts.every((t) => t.toLowerCase().includes('warn'));
  };
  await expect.poll(onlyMatches).toBe(true);
  // The filter stays applied to lines that arrive later.
  const matchCount = async () =>
    Number(
      /([\d,]+) matching/
        .exec((await page.getByText(/\d+ matching lines?/).textContent()) ?? '')?.[1]
        ?.replace(/,/g, ''),
    );
  const before = await matchCount();
  await request.post(`/__mock/logs/${id}/${task}/burst?type=stderr&lines=500`);
  await expect.poll(matchCount).toBeGreaterThan(before);
  await expect.poll(onlyMatches).toBe(true);

  await page.getByLabel('Regex').check();
  await page.getByRole('searchbox', { name: 'Search logs' }).fill('warn(');
  await expect(page.getByRole('alert')).toContainText('Invalid regular expression');

  // The view is a link: reopening it gives the same filter.
  await page.getByRole('searchbox', { name: 'Search logs' }).fill('WARN|ERROR');
  await expect(page).toHaveURL(/q=WARN%7CERROR/);
  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Search logs' })).toHaveValue('WARN|ERROR');
  await expect(page.getByLabel('Show only matching lines')).toBeChecked();
});

test('switches between stdout and stderr, and merges both with source labels', async ({ page, request }) => {
  const { id, task } = await runningTask(request);
  await request.post(`/__mock/logs/${id}/${task}/freeze`);
  await page.goto(`/allocations/${id}/logs/${task}?strip=1`);
  await expect(rows(page).last()).toContainText(strip(await lastLine(request, id, task, 'stdout')).slice(0, 40));
  await page.getByRole('radio', { name: 'stderr' }).click();
  await expect(page).toHaveURL(/type=stderr/);
  await expect(rows(page).last()).toContainText(strip(await lastLine(request, id, task, 'stderr')).slice(0, 40));
  await page.keyboard.press('e');
  await expect(page).not.toHaveURL(/type=stderr/);

  await page.getByRole('radio', { name: /Both/ }).click();
  await expect(page).toHaveURL(/type=both/);
  // Each line carries its source; the two tails arrive one after the other, so look at both ends.
  const log = page.getByRole('log', { name: 'Log lines' });
  const sources = async () => (await rows(page).allTextContents()).map((t) => /^\d*(stdout|stderr)/.exec(t)?.[1]);
  await expect
    .poll(async () => {
      await log.evaluate((el) => (el.scrollTop = el.scrollHeight));
      const atEnd = await sources();
      await log.evaluate((el) => (el.scrollTop = 0));
      return new Set([...atEnd, ...(await sources())].filter(Boolean)).size;
    })
    .toBe(2);
  await request.post(`/__mock/logs/${id}/${task}/unfreeze`);
});

test('downloads what is shown, and the whole log across rotated files', async ({ page, request }) => {
  const { id, task } = await runningTask(request);
  await request.post(`/__mock/logs/${id}/${task}/freeze`);
  await page.goto(`/allocations/${id}/logs/${task}?strip=1`);
  await expect(rows(page).last()).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download shown' }).click(),
  ]);
  const text = await readFile((await download.path())!, 'utf8');
  expect(text.trimEnd().split('\n').at(-1)).toBe(strip(await lastLine(request, id, task)));
  expect(text).not.toContain('\u001b[');

  const [whole] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download whole log' }).click(),
  ]);
  const all = await readFile((await whole.path())!, 'utf8');
  expect(all.length).toBeGreaterThan(text.length);
  expect(all.endsWith(`${text.trimEnd().split('\n').slice(-5).join('\n')}\n`)).toBe(true);
  await request.post(`/__mock/logs/${id}/${task}/unfreeze`);
});

test('a truncated log shows a marker and continues', async ({ page, request }) => {
  const { id, task } = await runningTask(request);
  await page.goto(`/allocations/${id}/logs/${task}`);
  await expect(rows(page).first()).toBeVisible();
  const ls = (await (await request.get(`/v1/client/fs/ls/${id}?path=alloc/logs`)).json()) as { Name: string }[];
  const current = ls
    .map((e) => e.Name)
    .filter((n) => n.startsWith(`${task}.stdout.`))
    .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()))
    .at(-1)!;
  expect((await request.post(`/__mock/fs/${id}/truncate?path=alloc/logs/${current}`)).ok()).toBe(true);
  await expect(page.getByText(/stdout was truncated/)).toBeVisible();
});

test('rotation that outruns the reader: a gap notice, then the newest files, still following', async ({
  page,
  request,
}) => {
  const { id, task } = await runningTask(request);
  await request.post(`/__mock/logs/${id}/${task}/freeze`);
  await page.goto(`/allocations/${id}/logs/${task}?strip=1`);
  await expect(rows(page).last()).toHaveText(new RegExp(reEscape(strip(await lastLine(request, id, task)))));
  // At once: far more than the node keeps (MaxFiles × 512 KiB), so files are rotated away
  // before Nomad's reader gets to them. It finishes the file it has open, then skips ahead.
  expect((await request.post(`/__mock/logs/${id}/${task}/burst?type=stdout&lines=100000`)).ok()).toBe(true);
  await expect(rows(page).last()).toHaveText(new RegExp(reEscape(strip(await lastLine(request, id, task)))), {
    timeout: 20_000,
  });
  await expect(page.getByRole('button', { name: /Following/ })).toBeVisible();
  // The viewer's notes stay in a filtered view: find the gap notice there.
  await page.getByLabel('Search logs').fill('no line has this text');
  await page.getByLabel('Show only matching lines').check();
  await expect(
    rows(page).filter({ hasText: /≈.+ skipped \(\d+ files? rotated away before they were read\)/ }),
  ).toHaveCount(1);
  await expect(rows(page).filter({ hasText: /was deleted/ })).toHaveCount(0);
  await request.post(`/__mock/logs/${id}/${task}/unfreeze`);
});

test('after the server drops the stream it resumes from the last byte: no line twice, none missing', async ({
  page,
  request,
}) => {
  const { id, task } = await runningTask(request);
  await request.post(`/__mock/logs/${id}/${task}/freeze`);
  // The first connection ends at the end of the data, as a dropped connection would; the
  // reconnection is held until more lines have been written.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const logRequests: URL[] = [];
  let follows = 0;
  await page.route('**/v1/client/fs/logs/**', async (route) => {
    const url = new URL(route.request().url());
    logRequests.push(new URL(url));
    if (url.searchParams.get('follow') !== 'true') return route.continue();
    if (++follows === 1) {
      url.searchParams.set('follow', 'false');
      return route.continue({ url: url.toString() });
    }
    await held;
    return route.continue();
  });
  await page.goto(`/allocations/${id}/logs/${task}?strip=1`);
  await expect(page.getByText(/Reconnecting to stdout/)).toBeVisible();
  await request.post(`/__mock/logs/${id}/${task}/burst?type=stdout&lines=120`);
  release();
  await expect(page.getByText(/Reconnecting to stdout/)).toBeHidden();
  const resumed = logRequests.filter((u) => u.searchParams.get('follow') === 'true')[1]!;
  expect(resumed.searchParams.get('origin')).toBe('start');
  expect(Number(resumed.searchParams.get('offset'))).toBeGreaterThan(0);

  // What the page holds must be exactly the end of the log.
  const whole = strip(await (await request.get(`/v1/client/fs/logs/${id}?task=${task}&type=stdout&plain=true`)).text());
  await expect
    .poll(async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download shown' }).click(),
      ]);
      const shown = await readFile((await download.path())!, 'utf8');
      return shown.split('\n').length > 120 && whole.endsWith(shown);
    })
    .toBe(true);
  await request.post(`/__mock/logs/${id}/${task}/unfreeze`);
});

test('loads older lines by byte offset, and a link to the position reopens there', async ({ page, request }) => {
  const { id, task } = await runningTask(request);
  await request.post(`/__mock/logs/${id}/${task}/freeze`);
  await page.goto(`/allocations/${id}/logs/${task}?strip=1`);
  await expect(rows(page).last()).toBeVisible();
  await expect.poll(() => inMemory(page)).toBeGreaterThan(0);
  const before = await inMemory(page);
  await page.getByRole('button', { name: 'Load older' }).click();
  await expect.poll(() => inMemory(page)).toBeGreaterThan(before);
  const shown = async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download shown' }).click(),
    ]);
    return readFile((await download.path())!, 'utf8');
  };
  const firstLine = (await shown()).split('\n')[0];
  const whole = strip(await (await request.get(`/v1/client/fs/logs/${id}?task=${task}&type=stdout&plain=true`)).text());
  // Older lines are whole lines of the log, contiguous with what was there.
  expect(whole.includes(`\n${firstLine}\n`) || whole.startsWith(`${firstLine}\n`)).toBe(true);

  await page.getByRole('button', { name: 'Link to this position' }).click();
  await expect(page).toHaveURL(/offset=\d+/);
  await page.reload();
  await expect(rows(page).first()).toBeVisible();
  await expect.poll(async () => (await shown()).split('\n')[0]).toBe(firstLine);
  await request.post(`/__mock/logs/${id}/${task}/unfreeze`);
});

test('keyboard: w wraps, f toggles follow, n and N move between matches', async ({ page, request }) => {
  const { id, task } = await runningTask(request);
  await page.goto(`/allocations/${id}/logs/${task}?type=stderr&q=warn`);
  // n with nothing matched yet rightly does nothing: wait for the tail to be in.
  await expect(page.getByText(/[1-9][\d,]* matching lines?/)).toBeVisible();
  await page.getByRole('heading', { name: /Logs:/ }).click(); // focus outside the search box
  await page.keyboard.press('w');
  await expect(page).toHaveURL(/wrap=1/);
  await expect(page.getByLabel('Wrap')).toBeChecked();
  await page.keyboard.press('f');
  await expect(page.getByRole('button', { name: /^Follow/ })).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('n');
  await expect(page.locator('[data-current-match]')).toContainText(/warn/i);
  const first = await page.locator('[data-current-match]').textContent();
  await page.keyboard.press('n');
  await expect(page.locator('[data-current-match]')).not.toHaveText(first!);
  await page.keyboard.press('N');
  await expect(page.locator('[data-current-match]')).toHaveText(first!);
});

test('a task that has not started says there are no logs yet', async ({ page, request }) => {
  const allocs = (await (await request.get('/v1/allocations?namespace=default')).json()) as Alloc[];
  const pending = allocs
    .flatMap((a) => Object.entries(a.TaskStates ?? {}).map(([task, s]) => ({ id: a.ID, task, state: s.State })))
    .find((t) => t.state === 'pending');
  expect(pending, 'the seed has an allocation with a task that has not started').toBeDefined();
  await page.goto(`/allocations/${pending!.id}/logs/${pending!.task}`);
  await expect(
    page.getByText(/No logs yet: the task has not started, or log collection is disabled/).first(),
  ).toBeVisible();
});

test('a token without read-logs is told which capability is missing', async ({ page, request }) => {
  const tokens = (await (await request.get(`${ACL_URL}/__mock/tokens`)).json()) as { name: string; secretId: string }[];
  const management = tokens.find((t) => /management/i.test(t.name))!;
  const prodReader = tokens.find((t) => /prod read-only/i.test(t.name))!;
  const { id, task } = await runningTask(request, {
    base: ACL_URL,
    namespace: 'prod',
    job: '',
    token: management.secretId,
  });
  await page.goto(`${ACL_URL}/settings`);
  await page.getByLabel('Secret ID').fill(prodReader.secretId);
  await page.getByRole('button', { name: 'Save token' }).click();
  await page.goto(`${ACL_URL}/allocations/${id}/logs/${task}`);
  await expect(page.getByText(/"read-logs" capability in namespace "prod"/).first()).toBeVisible();
});

function reEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
