import { expect, test, type APIRequestContext } from '@playwright/test';
import { ACL_URL } from './urls.ts';

interface Alloc {
  ID: string;
  Name: string;
  JobID: string;
  ClientStatus: string;
  TaskStates: Record<string, { State: string }> | null;
}

async function runningAlloc(request: APIRequestContext): Promise<{ id: string; name: string; task: string }> {
  const allocs = (await (await request.get('/v1/allocations?namespace=default')).json()) as Alloc[];
  const a = allocs.find((x) => x.ClientStatus === 'running' && x.JobID === 'web-frontend')!;
  return { id: a.ID, name: a.Name, task: Object.keys(a.TaskStates ?? {})[0]! };
}

interface Entry {
  Name: string;
  IsDir: boolean;
  Size: number;
}

/** Walks the allocation directory breadth-first for the first file that satisfies `pick`. */
async function findFile(request: APIRequestContext, id: string, pick: (e: Entry, dir: string) => boolean) {
  const queue = [''];
  while (queue.length) {
    const dir = queue.shift()!;
    const entries = (await (
      await request.get(`/v1/client/fs/ls/${id}?path=${encodeURIComponent(dir || '/')}`)
    ).json()) as Entry[];
    for (const e of entries) {
      const path = dir ? `${dir}/${e.Name}` : e.Name;
      if (e.IsDir) queue.push(path);
      else if (pick(e, dir)) return path;
    }
  }
  throw new Error('no such file in the allocation');
}

/** A file's page: a client route, dots and all (the server answers it with the app). */
const fileUrl = (id: string, path: string) =>
  `/allocations/${id}/files/${path.split('/').map(encodeURIComponent).join('/')}`;

test.beforeEach(async ({ request }) => {
  expect((await request.post('/__mock/reset')).ok()).toBe(true);
});

test('browses the allocation directory with breadcrumbs, the path in the URL', async ({ page, request }) => {
  const { id, name, task } = await runningAlloc(request);
  await page.goto(`/allocations/${id}/files/`);
  // Directories come first and are links.
  await expect(page.getByRole('link', { name: 'alloc/' })).toBeVisible();
  await expect(page.getByRole('link', { name: `${task}/` })).toBeVisible();
  await page.getByRole('link', { name: 'alloc/' }).click();
  await expect(page).toHaveURL(new RegExp(`/allocations/${id}/files/alloc$`));
  await page.getByRole('link', { name: 'logs/' }).click();
  await expect(page).toHaveURL(/files\/alloc\/logs$/);
  await expect(page.getByRole('link', { name: `${task}.stdout.0` })).toBeVisible();

  // Sorting is kept in the URL.
  await page.getByRole('button', { name: /^Size/ }).click();
  await expect(page).toHaveURL(/sort=size/);

  // A rotated log file opens in the live log view of its task and stream.
  await page
    .getByRole('row')
    .filter({ hasText: `${task}.stderr.` })
    .first()
    .getByRole('link', { name: 'live log' })
    .click();
  await expect(page).toHaveURL(new RegExp(`/allocations/${id}/logs/${task}\\?type=stderr`));
  await expect(page.getByRole('radio', { name: 'stderr' })).toHaveAttribute('aria-checked', 'true');
  await page.goBack();

  const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
  await crumbs.getByRole('link', { name: 'alloc' }).click();
  await expect(page).toHaveURL(/files\/alloc(\?|$)/);
  await crumbs.getByRole('link', { name }).click();
  await expect(page.getByRole('link', { name: 'alloc/' })).toBeVisible();
});

test('an empty directory says so', async ({ page, request }) => {
  const { id } = await runningAlloc(request);
  const all: string[] = [];
  const queue = [''];
  let empty: string | undefined;
  while (queue.length && !empty) {
    const dir = queue.shift()!;
    const entries = (await (
      await request.get(`/v1/client/fs/ls/${id}?path=${encodeURIComponent(dir || '/')}`)
    ).json()) as Entry[];
    if (dir && entries.length === 0) empty = dir;
    for (const e of entries) if (e.IsDir) queue.push(dir ? `${dir}/${e.Name}` : e.Name);
    all.push(dir);
  }
  expect(empty, 'the allocation directory has an empty directory').toBeDefined();
  await page.goto(`/allocations/${id}/files/${empty}`);
  await expect(page.getByText('This directory is empty.')).toBeVisible();
});

test('a 200 MB file opens at its head and jumps to its tail, read by window', async ({ page, request }) => {
  const { id } = await runningAlloc(request);
  const big = await findFile(request, id, (e) => e.Size >= 100 * 1024 * 1024);
  const reads: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/v1/client/fs/')) reads.push(r.url());
  });
  await page.goto(fileUrl(id, big));
  await expect(page.getByText(/Showing bytes 0–262,144 of/)).toBeVisible();
  await expect(page.getByTestId('file-line').first()).toBeVisible();
  // Scrolling to the end of the window reads the next one.
  const contents = page.getByRole('region', { name: /Contents of/ });
  await contents.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.getByText(/Showing bytes 0–524,288 of/)).toBeVisible();
  await page.getByRole('button', { name: 'Tail' }).click();
  const size = (
    (await (await request.get(`/v1/client/fs/stat/${id}?path=${encodeURIComponent(big)}`)).json()) as { Size: number }
  ).Size;
  await expect(
    page.getByText(new RegExp(`–${size.toLocaleString('en-US')} of ${size.toLocaleString('en-US')}`)),
  ).toBeVisible();
  // Never the whole file: only readat windows.
  expect(reads.some((u) => u.includes('/fs/cat/'))).toBe(false);
  expect(reads.filter((u) => u.includes('/fs/readat/')).every((u) => /limit=262144/.test(u))).toBe(true);
});

test('an image is shown from a blob: URL, never pointing at the API', async ({ page, request }) => {
  const { id } = await runningAlloc(request);
  const png = await findFile(request, id, (e) => e.Name.endsWith('.png'));
  await page.goto(fileUrl(id, png));
  const img = page.getByRole('img', { name: /Preview of/ });
  await expect(img).toBeVisible();
  expect(await img.getAttribute('src')).toMatch(/^blob:/);
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
});

test('a file in a secrets directory is refused with Nomad’s reason', async ({ page, request }) => {
  const { id } = await runningAlloc(request);
  const secret = await findFile(request, id, (_e, dir) => /\/secrets$/.test(dir));
  await page.goto(fileUrl(id, secret));
  await expect(page.getByRole('alert')).toContainText('Nomad refuses to read this file');
  await expect(page.getByRole('alert')).toContainText('Reading secret file prohibited');
});

test('a file whose name needs URL escaping opens, and JSON is shown pretty', async ({ page, request }) => {
  const { id } = await runningAlloc(request);
  const odd = await findFile(request, id, (e) => /[?&#% ]/.test(e.Name));
  await page.goto(`/allocations/${id}/files/`);
  const parts = odd.split('/');
  for (const dir of parts.slice(0, -1)) await page.getByRole('link', { name: `${dir}/` }).click();
  await page.getByRole('link', { name: parts.at(-1)! }).click();
  await expect(page.getByTestId('file-line').first()).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  // The link survives a reload (the production server must answer it with the app).
  await page.reload();
  await expect(page.getByTestId('file-line').first()).toBeVisible();

  const json = await findFile(request, id, (e) => e.Name.endsWith('.json') && e.Size > 100);
  await page.goto(fileUrl(id, json));
  await expect(page.getByLabel('Pretty JSON')).toBeChecked();
  await expect(page.getByTestId('file-line').nth(1)).toHaveText(/^\d+\s{2}"/);
});

test('following a growing file shows what is appended', async ({ page, request }) => {
  const { id, task } = await runningAlloc(request);
  await request.post(`/__mock/logs/${id}/${task}/freeze`);
  const ls = (await (await request.get(`/v1/client/fs/ls/${id}?path=alloc/logs`)).json()) as Entry[];
  const current = ls
    .map((e) => e.Name)
    .filter((n) => n.startsWith(`${task}.stdout.`))
    .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()))
    .at(-1)!;
  await page.goto(fileUrl(id, `alloc/logs/${current}`));
  const status = page.getByText(/Showing bytes/);
  await expect(status).toBeVisible();
  await page.getByRole('button', { name: 'Follow' }).click();
  await expect(page.getByRole('button', { name: 'Following' })).toBeVisible();
  const sizeOf = async () => Number(/of ([\d,]+)/.exec((await status.textContent()) ?? '')?.[1]?.replace(/,/g, ''));
  const before = await sizeOf();
  await request.post(`/__mock/logs/${id}/${task}/burst?type=stdout&lines=200`);
  await expect.poll(sizeOf).toBeGreaterThan(before);
  await request.post(`/__mock/logs/${id}/${task}/unfreeze`);
});

test('a token without read-fs is told which capability is missing', async ({ page, request }) => {
  const tokens = (await (await request.get(`${ACL_URL}/__mock/tokens`)).json()) as { name: string; secretId: string }[];
  const management = tokens.find((t) => /management/i.test(t.name))!;
  const prodReader = tokens.find((t) => /prod read-only/i.test(t.name))!;
  const allocs = (await (
    await request.get(`${ACL_URL}/v1/allocations?namespace=prod`, { headers: { 'X-Nomad-Token': management.secretId } })
  ).json()) as Alloc[];
  const alloc = allocs.find((a) => a.ClientStatus === 'running')!;
  await page.goto(`${ACL_URL}/settings`);
  await page.getByLabel('Secret ID').fill(prodReader.secretId);
  await page.getByRole('button', { name: 'Save token' }).click();
  await page.goto(`${ACL_URL}/allocations/${alloc.ID}/files/`);
  await expect(page.getByRole('alert')).toContainText('"read-fs" capability in namespace "prod"');
});
