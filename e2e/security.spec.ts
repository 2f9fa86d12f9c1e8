/**
 * Security of the page: headers on every page response, no CSP violation while the app
 * runs, and token hygiene with ACLs on (the secret never in a URL, console message, page
 * text, exported file or storage after signing out).
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { ACL_URL, BASE_URL } from './urls.ts';

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

async function recordCsp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
}
const cspViolations = (page: Page) => page.evaluate(() => window.__cspViolations ?? null);

test('every page response carries CSP, nosniff, Referrer-Policy and frame-ancestors', async ({ request }) => {
  for (const [path, status] of [
    ['/', 200],
    ['/events?topic=Job', 200],
    ['/jobs/default/web', 200],
    ['/allocations/abc/files/alloc/logs/web.stdout.0', 200],
    ['/assets/does-not-exist-1234.js', 404],
    ['/missing.txt', 404],
  ] as const) {
    const res = await request.get(`${BASE_URL}${path}`);
    expect(res.status(), path).toBe(status);
    const h = res.headers();
    expect(h['content-security-policy'], path).toMatch(/script-src 'self'(;|$)/);
    expect(h['content-security-policy'], path).toContain("connect-src 'self'");
    expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(h['x-content-type-options'], path).toBe('nosniff');
    expect(h['referrer-policy'], path).toBe('no-referrer');
  }
  // The app's HTML has no inline script for the CSP to allow.
  const html = await (await request.get(`${BASE_URL}/`)).text();
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
});

test('the pages run with zero CSP violations', async ({ page, request }) => {
  test.setTimeout(45_000);
  await recordCsp(page);
  const allocs = (await (await request.get(`${BASE_URL}/v1/allocations`)).json()) as {
    ID: string;
    ClientStatus: string;
    TaskStates: Record<string, { State: string }> | null;
  }[];
  const running = allocs.find((a) => a.ClientStatus === 'running' && a.TaskStates)!;
  const task = Object.keys(running.TaskStates!)[0]!;
  for (const path of [
    '/events',
    '/jobs',
    '/nodes',
    '/allocations',
    `/allocations/${running.ID}`,
    `/allocations/${running.ID}/files/alloc/data`,
    `/allocations/${running.ID}/files/alloc/data/state.json`,
    `/allocations/${running.ID}/logs/${encodeURIComponent(task)}`,
    `/allocations/${running.ID}/exec/${encodeURIComponent(task)}`,
    '/sinks',
    '/settings',
  ]) {
    await page.goto(`${BASE_URL}${path}`);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    expect(await cspViolations(page), path).toEqual([]);
  }
  // The listener works: an inline script injected by hand is blocked and recorded.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__ran = 1';
    document.body.append(s);
  });
  await expect.poll(() => cspViolations(page)).toEqual([expect.stringMatching(/^script-src/)]);
  expect(await page.evaluate(() => (window as { __ran?: number }).__ran)).toBeUndefined();
});

test.describe('token hygiene (ACLs on)', () => {
  test.use({ baseURL: ACL_URL });

  test('the secret stays out of URLs, console, page text, exports and storage; sign-out leaves nothing', async ({
    page,
  }) => {
    test.setTimeout(60_000);
    const tokens = (await (await page.request.get('/__mock/tokens')).json()) as { name: string; secretId: string }[];
    const secret = tokens.find((t) => /management/i.test(t.name))!.secretId;
    const urls: string[] = [];
    const consoleLines: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    page.on('websocket', (ws) => urls.push(ws.url()));
    page.on('console', (m) => consoleLines.push(m.text()));
    page.on('pageerror', (e) => consoleLines.push(String(e)));

    await page.goto('/settings');
    const field = page.getByLabel('Secret ID');
    await expect(field).toHaveAttribute('type', 'password');
    await field.fill(secret);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(field).toHaveAttribute('type', 'text');
    await page.getByRole('button', { name: 'Save token' }).click();
    await expect(page.getByText('Management Token').first()).toBeVisible();
    await expect(field).toHaveValue('');
    await expect(field).toHaveAttribute('type', 'password');

    const texts: string[] = [];
    const capture = async () => {
      texts.push(await page.content());
      texts.push(await page.evaluate(() => document.body.innerText));
    };
    await capture();

    // The timeline, exported.
    await page.goto('/events?from=buffer');
    await expect(page.getByTestId('timeline-row').first()).toBeVisible();
    const timelineDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: /^Export/ }).click();
    const timeline = await readFile((await (await timelineDownload).path())!, 'utf8');
    expect(timeline.length).toBeGreaterThan(0);
    await capture();

    // A log, downloaded.
    const allocs = (await (
      await page.request.get('/v1/allocations', { headers: { 'X-Nomad-Token': secret } })
    ).json()) as { ID: string; ClientStatus: string; TaskStates: Record<string, { State: string }> | null }[];
    const running = allocs.find((a) => a.ClientStatus === 'running' && a.TaskStates)!;
    const task = Object.keys(running.TaskStates!)[0]!;
    await page.goto(`/allocations/${running.ID}/logs/${encodeURIComponent(task)}`);
    await expect(page.getByTestId('log-row').first()).toBeVisible();
    const logDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download shown' }).click();
    const log = await readFile((await (await logDownload).path())!, 'utf8');
    expect(log.length).toBeGreaterThan(0);
    await capture();

    for (const path of ['/jobs', '/nodes', `/allocations/${running.ID}`, `/allocations/${running.ID}/files/alloc`]) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await capture();
    }
    // An error on screen: a job that does not exist.
    await page.goto('/jobs/default/no-such-job');
    await expect(page.getByRole('alert').first()).toBeVisible();
    await capture();

    // While signed in (not remembered) the secret is in sessionStorage only.
    const storage = () =>
      page.evaluate(async () => ({
        local: JSON.stringify({ ...localStorage }),
        session: JSON.stringify({ ...sessionStorage }),
        cookie: document.cookie,
        idb: (await indexedDB.databases()).map((d) => d.name ?? ''),
      }));
    const signedIn = await storage();
    expect(signedIn.session).toContain(secret);
    expect(signedIn.local).not.toContain(secret);

    expect(urls.length).toBeGreaterThan(10);
    for (const u of urls) expect(u).not.toContain(secret);
    for (const l of consoleLines) expect(l).not.toContain(secret);
    for (const t of texts) expect(t).not.toContain(secret);
    expect(timeline).not.toContain(secret);
    expect(log).not.toContain(secret);

    await page.goto('/settings');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    const after = await storage();
    expect(after.local).not.toContain(secret);
    expect(after.session).not.toContain(secret);
    expect(after.cookie).not.toContain(secret);
    expect(after.idb).toEqual([]);
    expect(await page.context().cookies()).toEqual([]);
  });

  test('a remembered token is gone from localStorage after signing out', async ({ page }) => {
    const tokens = (await (await page.request.get('/__mock/tokens')).json()) as { name: string; secretId: string }[];
    const secret = tokens.find((t) => /management/i.test(t.name))!.secretId;
    await page.goto('/settings');
    await page.getByLabel('Secret ID').fill(secret);
    await page.getByLabel('Remember on this device').check();
    await page.getByRole('button', { name: 'Save token' }).click();
    await expect(page.getByText('Management Token').first()).toBeVisible();
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).toContain(secret);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
    const left = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(left).not.toContain(secret);
  });
});
