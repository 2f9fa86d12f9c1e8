import { expect, test } from '@playwright/test';

test('the shell loads on the Events page and every section is reachable from the navigation', async ({ page }) => {
  await page.goto('/?namespace=prod');
  await expect(page).toHaveURL(/\/events\?namespace=prod$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();

  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Events', 'Allocations', 'Nodes', 'Sinks', 'Settings', 'Jobs']) {
    await nav.getByRole('link', { name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/${name.toLowerCase()}(\\?|$)`));
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  }
});

test('the Events page explains that it streams the cluster event stream', async ({ page }) => {
  await page.goto('/events');
  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
  await expect(page.getByText(/event stream/i).first()).toBeVisible();
});

test('the agent indicator shows the Nomad version and the leader', async ({ page }) => {
  await page.goto('/jobs');
  await expect(page.getByText(/2\.0\.5/).first()).toBeVisible();
  await expect(page.getByText(/leader/i).first()).toBeVisible();
});

test('an unknown route shows a 404 page with a way back', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByText(/not found/i).first()).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
});

test('the theme toggle switches between light and dark and survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/jobs');
  const html = page.locator('html');
  await expect(html).not.toHaveClass(/dark/);
  await page.getByRole('button', { name: /dark theme/i }).click();
  await expect(html).toHaveClass(/dark/);
  await page.reload();
  await expect(html).toHaveClass(/dark/);
  await page.getByRole('button', { name: /light theme/i }).click();
  await expect(html).not.toHaveClass(/dark/);
});

test('the dashboard follows the system colour scheme by default', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/jobs');
  await expect(page.locator('html')).toHaveClass(/dark/);
});
