import { expect, test } from '@playwright/test';

test.beforeEach(async ({ request }) => {
  const reset = await request.post('/__mock/reset');
  expect(reset.ok()).toBe(true);
});

test('the Jobs page lists the seeded jobs of the default namespace', async ({ page, request }) => {
  const jobs = (await (await request.get('/v1/jobs')).json()) as { ID: string }[];
  expect(jobs.length).toBeGreaterThan(0);
  await page.goto('/jobs');
  for (const job of jobs) {
    await expect(page.getByRole('link', { name: job.ID, exact: true })).toBeVisible();
  }
});

test('a job row updates live when the cluster changes it, without a reload', async ({ page, request }) => {
  const [job] = (await (await request.get('/v1/jobs')).json()) as { ID: string; Status: string; Priority: number }[];
  await page.goto('/jobs');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: job!.ID, exact: true }) });
  await expect(row).toBeVisible();
  await expect(row).not.toContainText('87');

  const patched = await request.post(`/__mock/job/${encodeURIComponent(job!.ID)}?namespace=default`, {
    data: { Priority: 87, Status: 'dead', Stop: true },
  });
  expect(patched.ok()).toBe(true);
  await expect(row).toContainText('87');
  await expect(row).toContainText(/dead/i);
});

test('a newly registered job appears live', async ({ page, request }) => {
  await page.goto('/jobs');
  await expect(page.getByRole('table')).toBeVisible();
  const created = await request.post('/__mock/jobs', {
    data: { ID: 'e2e-live-job', Namespace: 'default', Type: 'service', TaskGroups: [{ Name: 'app', Count: 2 }] },
  });
  expect(created.ok()).toBe(true);
  await expect(page.getByRole('link', { name: 'e2e-live-job', exact: true })).toBeVisible();
});

test('all namespaces shows jobs from every namespace and is kept in the URL', async ({ page, request }) => {
  const prodJobs = (await (await request.get('/v1/jobs?namespace=prod')).json()) as { ID: string }[];
  const defaultIds = new Set(((await (await request.get('/v1/jobs')).json()) as { ID: string }[]).map((j) => j.ID));
  // A job only prod has, so that seeing it proves the other namespaces are listed.
  const prodOnly = prodJobs.filter((j) => !defaultIds.has(j.ID));
  expect(prodOnly.length).toBeGreaterThan(0);
  await page.goto('/jobs');
  await page.getByRole('combobox', { name: 'Namespace' }).selectOption('*');
  await expect(page).toHaveURL(/namespace=(\*|%2A)/);
  const prodRow = page.getByRole('row').filter({ hasText: 'prod' });
  await expect(prodRow.getByRole('link', { name: prodOnly[0]!.ID, exact: true }).first()).toBeVisible();
  await expect(page.getByRole('columnheader', { name: /namespace/i })).toBeVisible();

  // The filtered view is a link: opening it fresh shows the same thing.
  await page.reload();
  await expect(prodRow.getByRole('link', { name: prodOnly[0]!.ID, exact: true }).first()).toBeVisible();
});
