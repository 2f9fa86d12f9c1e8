import { expect, test, type Page, type Request } from '@playwright/test';
import { ACL_URL } from './urls.ts';

interface MockToken {
  name: string;
  secretId: string;
}

test.use({ baseURL: ACL_URL });

async function tokens(page: Page): Promise<MockToken[]> {
  const res = await page.request.get('/__mock/tokens');
  expect(res.ok()).toBe(true);
  return (await res.json()) as MockToken[];
}

async function signIn(page: Page, secret: string) {
  await page.goto('/settings');
  await page.getByLabel('Secret ID').fill(secret);
  await page.getByRole('button', { name: 'Save token' }).click();
}

test('a token restricted to node reads sees which capability the Jobs page needs', async ({ page }) => {
  const nodeReader = (await tokens(page)).find((t) => /node/i.test(t.name));
  expect(nodeReader).toBeDefined();
  await signIn(page, nodeReader!.secretId);
  await expect(page.getByText(nodeReader!.name).first()).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs', exact: true }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Permission denied');
  await expect(alert).toContainText('list-jobs');
  await expect(alert).toContainText('default');
});

test('the management token reads the jobs, and the token never appears in a request URL', async ({ page }) => {
  const all = await tokens(page);
  const management = all.find((t) => /management/i.test(t.name));
  expect(management).toBeDefined();
  const secret = management!.secretId;

  const seen: Request[] = [];
  page.on('request', (r) => seen.push(r));
  await signIn(page, secret);
  await expect(page.getByText(management!.name).first()).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs', exact: true }).click();
  await expect(page.getByRole('table')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  const api = seen.filter((r) => new URL(r.url()).pathname.startsWith('/v1/'));
  expect(api.length).toBeGreaterThan(3);
  for (const r of seen) expect(r.url()).not.toContain(secret);
  // It travels in the header instead.
  expect(api.some((r) => r.headers()['x-nomad-token'] === secret)).toBe(true);
});

test('an unknown token is reported as such, and signing out returns to anonymous', async ({ page }) => {
  await signIn(page, '00000000-0000-0000-0000-000000000000');
  await expect(page.getByRole('alert').first()).toContainText('Permission denied');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText(/anonymous/i).first()).toBeVisible();
});
