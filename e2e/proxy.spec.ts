/**
 * Proxy mode end to end: the dashboard on PROXY_URL runs with NOMAD_ADDR pointing at a mock
 * started separately with --api-only (PROXY_UPSTREAM_URL), standing in for a real agent.
 * Every /v1 request, the event stream, the log stream and the exec WebSocket go through the
 * reverse proxy; nothing is served by an embedded mock.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { PROXY_UPSTREAM_URL, PROXY_URL } from './urls.ts';

test.use({ baseURL: PROXY_URL });

interface Alloc {
  ID: string;
  JobID: string;
  ClientStatus: string;
  TaskStates: Record<string, { State: string }> | null;
}

/** A running allocation of `job` and its running task, read through the proxy. */
async function runningTask(request: APIRequestContext, job: string): Promise<{ id: string; task: string }> {
  const res = await request.get(`/v1/job/${job}/allocations`);
  expect(res.ok()).toBe(true);
  for (const a of ((await res.json()) as Alloc[]).filter((x) => x.ClientStatus === 'running')) {
    const task = Object.entries(a.TaskStates ?? {}).find(([, s]) => s.State === 'running')?.[0];
    if (task) return { id: a.ID, task };
  }
  throw new Error(`no running ${job} allocation`);
}

const timelineRows = (page: Page) => page.getByTestId('timeline-row');
const newestIndex = async (page: Page) => Number(await timelineRows(page).first().getAttribute('data-index'));
const inMemory = async (page: Page) =>
  Number(
    /^([\d,]+)/.exec((await page.getByText(/lines in memory/).textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? NaN,
  );
const terminal = (page: Page) => page.getByTestId('exec-terminal');
const sessionStatus = (page: Page) => page.getByRole('status', { name: 'Session status' });
const screenRows = async (page: Page) =>
  (await terminal(page).locator('.xterm-rows > div').allTextContents()).map((r) => r.replace(/\u00a0/g, ' ').trimEnd());

test.beforeAll(async ({ request }) => {
  // Straight to the stand-in agent: its control routes are not reachable through the proxy.
  expect((await request.post(`${PROXY_UPSTREAM_URL}/__mock/reset`)).ok()).toBe(true);
});

test('the proxy answers /v1 from the agent and has no /__mock routes', async ({ request }) => {
  const self = await request.get('/v1/agent/self');
  expect(self.status()).toBe(200);
  expect(((await self.json()) as { member: { Name: string } }).member.Name).toBe('nomad-server-01.global');
  expect((await request.post('/__mock/reset')).status()).toBe(404);
  const jobs = await request.get('/v1/jobs');
  expect(jobs.headers()['x-nomad-index']).toMatch(/^\d+$/);
});

test('the Events timeline fills live through the proxy', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Connection' })).toContainText('Live');
  await expect(timelineRows(page).first()).toBeVisible();
  const first = await newestIndex(page);
  await expect.poll(() => newestIndex(page), { timeout: 20_000 }).toBeGreaterThan(first);
});

test('a log tail shows lines and follows new ones through the proxy', async ({ page, request }) => {
  const { id, task } = await runningTask(request, 'web-frontend');
  await page.goto(`/allocations/${id}/logs/${task}`);
  await expect(page.getByTestId('log-row').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /Following/ })).toBeVisible();
  const before = await inMemory(page);
  // The agent keeps writing stdout; new lines must arrive over the proxied stream.
  await expect.poll(() => inMemory(page), { timeout: 15_000 }).toBeGreaterThan(before);
});

test('an exec session runs echo and exits through the proxied WebSocket', async ({ page, request }) => {
  const { id, task } = await runningTask(request, 'api-gateway');
  await page.goto(`/allocations/${id}/exec/${task}`);
  await expect(sessionStatus(page)).toHaveText(/^Connected/);
  await terminal(page).click();
  await page.keyboard.type('echo through-the-proxy');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await screenRows(page)).includes('through-the-proxy')).toBe(true);
  await page.keyboard.type('exit 0');
  await page.keyboard.press('Enter');
  await expect(sessionStatus(page)).toHaveText('Exited with code 0');
});
