import { expect, test } from '@playwright/test';
import { type Alloc, runningTask, screen, screenRows, status, terminal, typeLine } from './exec-kit.ts';
import { ACL_URL } from './urls.ts';

test.beforeEach(async ({ request }) => {
  expect((await request.post('/__mock/reset')).ok()).toBe(true);
});

test('falls back to /bin/sh on an Alpine image, then runs ls and cat', async ({ page, request }) => {
  const { id, task } = await runningTask(request, 'web-frontend');
  await page.goto(`/allocations/${id}/exec/${task}`);
  await expect(status(page)).toHaveText(`Connected to ${task}: ["/bin/sh"]`);
  await expect
    .poll(() => screen(page))
    .toMatch(/\/bin\/bash is not available in this task .*falling back to \/bin\/sh/);

  await typeLine(page, 'ls /etc');
  await expect.poll(() => screen(page)).toMatch(/os-release/);
  await typeLine(page, 'cat /etc/os-release');
  await expect.poll(() => screen(page)).toMatch(/PRETTY_NAME="Alpine Linux/);
  // The command line is shown as the argv that is sent.
  await expect(page.getByText('Sends ["/bin/bash"]')).toBeVisible();
});

test('stty size matches the visible terminal after a resize', async ({ page, request }) => {
  const { id, task } = await runningTask(request, 'api-gateway');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/allocations/${id}/exec?task=${task}`);
  await expect(status(page)).toHaveText(`Connected to ${task}: ["/bin/bash"]`);
  const before = await terminal(page).getAttribute('data-cols');
  await page.setViewportSize({ width: 900, height: 640 });
  await expect(terminal(page)).not.toHaveAttribute('data-cols', before ?? '');
  const cols = await terminal(page).getAttribute('data-cols');
  const rows = await terminal(page).getAttribute('data-rows');
  await typeLine(page, 'stty size');
  await expect.poll(async () => (await screenRows(page)).includes(`${rows} ${cols}`)).toBe(true);
});

test('Ctrl-C interrupts sleep; exit 3 is reported and Enter reconnects keeping the scrollback', async ({
  page,
  request,
}) => {
  const { id, task } = await runningTask(request, 'api-gateway');
  await page.goto(`/allocations/${id}/exec/${task}`);
  await expect(status(page)).toHaveText(/^Connected/);
  await typeLine(page, 'sleep 300');
  await page.keyboard.press('Control+C');
  await expect.poll(() => screen(page)).toMatch(/sleep 300\s*\n?.*\^C/);
  await typeLine(page, 'echo after-sleep');
  await expect.poll(async () => (await screenRows(page)).includes('after-sleep')).toBe(true);

  await typeLine(page, 'exit 3');
  await expect(status(page)).toHaveText('Exited with code 3');
  await expect.poll(() => screen(page)).toMatch(/\[exited with code 3 — press Enter to reconnect\]/);
  await page.keyboard.press('Enter');
  await expect(status(page)).toHaveText(/^Connected/);
  expect(await screen(page)).toContain('after-sleep');
});

test('multi-byte characters split across 1024-byte chunks arrive intact', async ({ page, request }) => {
  const { id, task } = await runningTask(request, 'api-gateway');
  // 400 × "€" is 1200 bytes: the 1024-byte chunk boundary falls inside a character.
  const command = `/bin/sh -c 'echo ${'€'.repeat(400)}'`;
  await page.goto(`/allocations/${id}/exec?task=${task}&command=${encodeURIComponent(command)}`);
  await expect(status(page)).toHaveText('Exited with code 0');
  const text = (await screenRows(page)).join('');
  expect(text).not.toContain('\uFFFD');
  expect(text).toContain('€'.repeat(400));
});

test('a deep link with a command runs it split into argv', async ({ page, request }) => {
  const { id, task } = await runningTask(request, 'api-gateway');
  const command = `/bin/sh -c 'echo "two words"; exit 4'`;
  await page.goto(`/allocations/${id}/exec?task=${task}&command=${encodeURIComponent(command)}`);
  await expect(status(page)).toHaveText('Exited with code 4');
  expect(await screenRows(page)).toContain('two words');
  await expect(page.getByText(`Sends ["/bin/sh","-c","echo \\"two words\\"; exit 4"]`)).toBeVisible();
});

test('a refused request says why, and leaving a live session asks first', async ({ page, request }) => {
  const { id, task } = await runningTask(request, 'api-gateway');
  const done = ((await (await request.get('/v1/allocations')).json()) as Alloc[]).find(
    (a) => a.ClientStatus === 'complete' && a.TaskStates,
  )!;
  await page.goto(`/allocations/${done.ID}/exec/${Object.keys(done.TaskStates!)[0]}`);
  await expect(status(page)).toHaveText(
    `The request was refused — exec not possible, client status of allocation ${done.ID} is complete (code 1008)`,
  );
  await page.goto(`/allocations/${id}/exec?task=no-such-task`);
  await expect(status(page)).toHaveText('Server error — task not found (code 1011)');

  await page.getByLabel('Task', { exact: true }).selectOption(task);
  await page.getByRole('button', { name: 'Open session' }).click();
  await expect(page.getByRole('tab')).toHaveCount(2);
  await expect(status(page).last()).toHaveText(/^Connected/);
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.getByRole('link', { name: 'Jobs' }).first().click();
  await expect.poll(() => asked).toMatch(/exec session is still running/);
  await expect(page).toHaveURL(/\/exec/);
  await expect(status(page).last()).toHaveText(/^Connected/);
});

test('a token without alloc-exec is told so, and no token ever goes in the WebSocket URL', async ({
  page,
  request,
}) => {
  const tokens = (await (await request.get(`${ACL_URL}/__mock/tokens`)).json()) as { name: string; secretId: string }[];
  const management = tokens.find((t) => /management/i.test(t.name))!;
  const logsReader = tokens.find((t) => /logs reader/i.test(t.name))!;
  const { id, task } = await runningTask(request, 'api-gateway', { base: ACL_URL, token: management.secretId });
  const sockets: { url: string; frames: string[] }[] = [];
  page.on('websocket', (ws) => {
    const entry = { url: ws.url(), frames: [] as string[] };
    sockets.push(entry);
    ws.on('framesent', (f) => entry.frames.push(String(f.payload)));
  });

  await page.goto(`${ACL_URL}/settings`);
  await page.getByLabel('Secret ID').fill(logsReader.secretId);
  await page.getByRole('button', { name: 'Save token' }).click();
  await page.goto(`${ACL_URL}/allocations/${id}/exec/${task}`);
  await expect(status(page)).toHaveText(
    /Permission denied: your token needs alloc-exec in namespace default \(code 1011\)/,
  );

  await page.goto(`${ACL_URL}/settings`);
  await page.getByLabel('Secret ID').fill(management.secretId);
  await page.getByRole('button', { name: 'Save token' }).click();
  await page.goto(`${ACL_URL}/allocations/${id}/exec/${task}`);
  await expect(status(page)).toHaveText(/^Connected/);
  await typeLine(page, 'whoami');
  await expect.poll(() => screen(page)).toMatch(/whoami\s*\n\S+/);

  const exec = sockets.filter((s) => s.url.includes('/exec?'));
  expect(exec.length).toBeGreaterThanOrEqual(2);
  for (const s of exec) {
    expect(s.url).not.toContain(logsReader.secretId);
    expect(s.url).not.toContain(management.secretId);
    expect(s.url).not.toMatch(/token/i);
  }
  // The token travels only in the handshake, the first frame.
  const last = exec.at(-1)!;
  expect(JSON.parse(last.frames[0]!)).toEqual({ version: 1, auth_token: management.secretId });
  expect(last.frames.slice(1).join('')).not.toContain(management.secretId);
});
