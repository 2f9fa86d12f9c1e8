import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ACL_URL } from './urls.ts';

interface Stub {
  ID: string;
  Name: string;
  JobID: string;
  JobType: string;
  Namespace: string;
  ClientStatus: string;
  DesiredStatus: string;
}

async function json<T>(request: APIRequestContext, path: string): Promise<T> {
  const res = await request.get(path);
  expect(res.ok(), `${path} answered ${res.status()}`).toBe(true);
  return (await res.json()) as T;
}

/** Back to the seed, with the living scenario frozen so only the test changes the cluster. */
async function freshCluster(request: APIRequestContext) {
  expect((await request.post('/__mock/reset')).ok()).toBe(true);
  expect((await request.post('/__mock/scenario/pause')).ok()).toBe(true);
}

async function runningServiceAlloc(request: APIRequestContext, namespace = 'default'): Promise<Stub> {
  const allocs = await json<Stub[]>(request, `/v1/allocations?namespace=${namespace}&task_states=false`);
  const alloc = allocs.find(
    (a) => a.ClientStatus === 'running' && a.DesiredStatus === 'run' && a.JobType === 'service',
  );
  expect(alloc, `a running service allocation in ${namespace}`).toBeDefined();
  return alloc!;
}

const dialog = (page: Page) => page.getByRole('dialog');

test.describe('allocations (ACLs off)', () => {
  test.beforeEach(async ({ request }) => freshCluster(request));
  test.afterEach(async ({ request }) => void (await request.post('/__mock/scenario/resume')));

  test('the list is filtered by status and ID prefix from the URL, never sending a prefix Nomad would refuse', async ({
    page,
    request,
  }) => {
    const all = await json<Stub[]>(request, '/v1/allocations?namespace=*&task_states=false');
    const target = all.find((a) => a.ClientStatus === 'running')!;
    const prefix = target.ID.slice(0, 3); // odd length: Nomad would answer 500
    const expected = all.filter((a) => a.ClientStatus === 'running' && a.ID.startsWith(prefix));
    expect(expected.length).toBeGreaterThan(0);

    const listRequests: string[] = [];
    const failures: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/v1/allocations') listRequests.push(r.url());
    });
    page.on('response', (r) => {
      if (r.url().includes('/v1/') && r.status() >= 500) failures.push(`${r.status()} ${r.url()}`);
    });

    await page.goto(`/allocations?namespace=*&status=running&prefix=${prefix}`);
    await expect(page.getByTestId('alloc-row')).toHaveCount(expected.length);
    for (const a of expected)
      await expect(page.getByRole('link', { name: a.ID.slice(0, 8), exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: /^running \d+$/ })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByLabel('Allocation ID prefix')).toHaveValue(prefix);
    // The server was asked for the even-length prefix, as the CLI would.
    expect(listRequests.some((u) => new URL(u).searchParams.get('prefix') === prefix.slice(0, 2))).toBe(true);
    expect(listRequests.every((u) => new URL(u).searchParams.get('task_states') === 'false')).toBe(true);

    // A prefix that cannot be hex is refused in place, and kept in the URL.
    await page.getByLabel('Allocation ID prefix').fill('zz');
    await expect(page.getByText(/hexadecimal.*Nothing was sent to Nomad/)).toBeVisible();
    await expect(page.getByTestId('alloc-row')).toHaveCount(0);
    await expect(page).toHaveURL(/prefix=zz/);

    // Another facet from the URL's point of view: toggling one updates the link.
    await page.getByLabel('Allocation ID prefix').fill('');
    await page.getByRole('button', { name: /^failed \d+$/ }).click();
    await expect(page).toHaveURL(/status=running(%2C|,)failed/);
    const runningOrFailed = all.filter((a) => a.ClientStatus === 'running' || a.ClientStatus === 'failed');
    await expect(page.getByText(`${runningOrFailed.length} of ${all.length} allocations`)).toBeVisible();
    expect(failures).toEqual([]);
  });

  test('stopping an allocation says what happens, then shows its replacement', async ({ page, request }) => {
    const alloc = await runningServiceAlloc(request);
    await page.goto(`/allocations/${alloc.ID}`);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(dialog(page)).toContainText('the scheduler places a replacement');
    await dialog(page).getByRole('button', { name: 'Stop allocation' }).click();
    await expect(dialog(page).getByRole('status')).toContainText('Nomad created evaluation');
    await dialog(page).getByRole('button', { name: 'Close' }).click();

    // The page's event timeline tells the same story as the allocation object.
    const escaped = alloc.Name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await expect(
      page.getByText(new RegExp(`${escaped} (migration requested|stop requested|stop planned)`)).first(),
    ).toBeVisible();

    const replacedBy = page.getByText('Replaced by:');
    await expect(replacedBy).toBeVisible();
    const next = (await replacedBy.getByRole('link').textContent())!.trim();
    const fresh = await json<{ NextAllocation: string; DesiredStatus: string }>(request, `/v1/allocation/${alloc.ID}`);
    expect(fresh.DesiredStatus).toBe('stop');
    expect(fresh.NextAllocation.startsWith(next)).toBe(true);

    // The job's list agrees: the replacement is there, the old one is stopped.
    await page.goto(`/allocations?job=${encodeURIComponent(alloc.JobID)}&sort=id&order=asc`);
    await expect(page.getByRole('link', { name: next, exact: true })).toBeVisible();
    const oldRow = page
      .getByTestId('alloc-row')
      .filter({ has: page.getByRole('link', { name: alloc.ID.slice(0, 8) }) });
    await expect(oldRow).toContainText('stop');
  });

  test('restarting one task records the restart in its events', async ({ page, request }) => {
    const alloc = await runningServiceAlloc(request);
    const full = await json<{ TaskStates: Record<string, unknown> }>(request, `/v1/allocation/${alloc.ID}`);
    const task = Object.keys(full.TaskStates)[0]!;
    await page.goto(`/allocations/${alloc.ID}`);
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await dialog(page)
      .getByLabel('What to restart')
      .selectOption({ label: `Task ${task}` });
    await dialog(page).getByRole('button', { name: 'Restart', exact: true }).click();
    await expect(dialog(page).getByRole('status')).toContainText('Nomad accepted the restart');
    await dialog(page).getByRole('button', { name: 'Close' }).click();
    await page.getByText(`All events of ${task}`).click();
    await expect(page.getByRole('list', { name: 'Task events, newest first' })).toContainText('Restart Signaled');
  });

  test("signalling a task that does not exist shows Nomad's error in the dialog", async ({ page, request }) => {
    const alloc = await runningServiceAlloc(request);
    await page.goto(`/allocations/${alloc.ID}`);
    await page.getByRole('button', { name: 'Signal', exact: true }).click();
    await dialog(page).getByLabel('Task (empty: every task)').fill('no-such-task');
    await dialog(page).getByLabel('Signal', { exact: true }).selectOption('SIGUSR1');
    await dialog(page).getByRole('button', { name: 'Send SIGUSR1' }).click();
    const alert = dialog(page).getByRole('alert');
    await expect(alert).toContainText('Send a signal failed');
    await expect(alert).toContainText('Task not found');
    await expect(alert).toContainText('POST /v1/client/allocation/');
    // Still open, ready to correct and retry.
    await expect(dialog(page).getByRole('button', { name: 'Send SIGUSR1' })).toBeEnabled();
  });
});

test.describe('allocations with a read-only token', () => {
  test.use({ baseURL: ACL_URL });

  test('lifecycle actions are disabled and say which capability is missing', async ({ page }) => {
    const tokens = (await (await page.request.get('/__mock/tokens')).json()) as { name: string; secretId: string }[];
    const readOnly = tokens.find((t) => t.name === 'prod read-only')!;
    const management = tokens.find((t) => /management/i.test(t.name))!;
    const allocs = (await (
      await page.request.get('/v1/allocations?namespace=prod&task_states=false', {
        headers: { 'X-Nomad-Token': management.secretId },
      })
    ).json()) as Stub[];
    const alloc = allocs.find((a) => a.ClientStatus === 'running')!;

    await page.goto('/settings');
    await page.getByLabel('Secret ID').fill(readOnly.secretId);
    await page.getByRole('button', { name: 'Save token' }).click();
    await expect(page.getByText(readOnly.name).first()).toBeVisible();

    await page.goto(`/allocations/${alloc.ID}`);
    const reason = 'The token "prod read-only" lacks the "alloc-lifecycle" capability in namespace "prod".';
    for (const name of ['Stop', 'Restart', 'Signal']) {
      const button = page.getByRole('button', { name, exact: true });
      await expect(button).toHaveAttribute('aria-disabled', 'true');
      await expect(button).toHaveAccessibleDescription(reason);
    }
    const gc = page.getByRole('button', { name: 'Garbage collect' });
    await expect(gc).toHaveAccessibleDescription(
      /lacks the "submit-job" capability in namespace "prod" or the "gc-allocation"/,
    );
    // Still focusable (so the reason can be read), but pressing it opens nothing.
    await page.getByRole('button', { name: 'Stop', exact: true }).click({ force: true });
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });
});

test('a short allocation ID in the URL leads to the allocation', async ({ page, request }) => {
  expect((await request.post('/__mock/reset')).ok()).toBe(true);
  const alloc = await runningServiceAlloc(request);
  await page.goto(`/allocations/${alloc.ID.slice(0, 8)}`);
  await expect(page).toHaveURL(new RegExp(`/allocations/${alloc.ID}`));
  await expect(page.getByText(alloc.ID, { exact: true })).toBeVisible();
});

test("a job's page lists its allocations in the same table, with its groups, deployments and evaluations", async ({
  page,
  request,
}) => {
  expect((await request.post('/__mock/reset')).ok()).toBe(true);
  const alloc = await runningServiceAlloc(request);
  const mine = (await json<Stub[]>(request, `/v1/job/${encodeURIComponent(alloc.JobID)}/allocations`)).length;
  await page.goto(`/jobs/default/${encodeURIComponent(alloc.JobID)}`);
  await expect(page.getByRole('table', { name: 'Allocations by task group and status' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Allocations', exact: true }).getByTestId('alloc-row')).toHaveCount(
    mine,
  );
  await expect(page.getByRole('link', { name: alloc.ID.slice(0, 8), exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Deployments' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Evaluations' })).toContainText('job-register');
});
