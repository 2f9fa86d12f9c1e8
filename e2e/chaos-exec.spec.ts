/**
 * Exec chaos (issue 9): the server ends an open session with each documented close code
 * (nomad-api.md §5.4) — 1000, 1008, 1011 with a reason, 1006 with no close frame at all —
 * and the session says which in words, reconnects on request, keeps its scrollback, and the
 * new session runs commands. Then random drops: the mock's fault engine cuts exec
 * connections mid-output at random byte counts, and every drop is reported as lost.
 */
import { expect, test } from '@playwright/test';
import { runningTask, screen, status, terminal, typeLine } from './exec-kit.ts';

/** What the status bar must say for each close the server makes. */
const CLOSES = [
  { code: 1000, reason: 'agent shutting down', says: 'Closed by the server (code 1000: agent shutting down)' },
  {
    code: 1008,
    reason: 'task "envoy" is not running.',
    says: 'The request was refused — task "envoy" is not running. (code 1008)',
  },
  { code: 1011, reason: 'rpc error: EOF', says: 'Server error — rpc error: EOF (code 1011)' },
  {
    code: 1006,
    reason: '',
    says: 'Connection lost — the connection dropped before the command exited (code 1006)',
  },
] as const;

test.beforeEach(async ({ request }) => {
  expect((await request.post('/__mock/reset')).ok()).toBe(true);
});

test.afterEach(async ({ request }) => {
  await request.delete('/__mock/faults');
});

test('every server-side close is reported in words, and reconnecting keeps the scrollback', async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const { id, task } = await runningTask(request, 'api-gateway');
  // Tall enough that the whole scrollback is on screen (xterm renders only visible rows).
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto(`/allocations/${id}/exec/${task}`);
  await expect(status(page)).toHaveText(`Connected to ${task}: ["/bin/bash"]`);
  await typeLine(page, 'echo session-0');
  await expect.poll(() => screen(page)).toMatch(/^session-0$/m);

  const reported: string[] = [];
  for (const [i, close] of CLOSES.entries()) {
    const res = await request.post(
      `/__mock/exec/close?code=${close.code}&alloc=${id}${close.reason ? `&reason=${encodeURIComponent(close.reason)}` : ''}`,
    );
    expect(await res.json()).toEqual({ Closed: 1 });
    await expect(status(page)).toHaveText(close.says);
    reported.push(`${close.code} → "${(await status(page).textContent()) ?? ''}"`);
    // The terminal says it too, and offers to reconnect.
    await expect.poll(() => screen(page)).toContain('press Enter to reconnect]');

    // Alternate the two ways of reconnecting: the button and Enter in the terminal.
    if (i % 2 === 0) await page.getByRole('button', { name: 'Reconnect' }).click();
    else {
      await terminal(page).click();
      await page.keyboard.press('Enter');
    }
    await expect(status(page)).toHaveText(`Connected to ${task}: ["/bin/bash"]`);
    await typeLine(page, `echo session-${i + 1}`);
    await expect.poll(() => screen(page)).toMatch(new RegExp(`^session-${i + 1}$`, 'm'));
    // Nothing written before the close was lost from the scrollback.
    const text = await screen(page);
    for (let j = 0; j <= i; j++) expect(text).toMatch(new RegExp(`^session-${j}$`, 'm'));
  }
  console.log(
    `chaos-exec: ${CLOSES.length} server closes, ${CLOSES.length} reconnects, scrollback kept:\n  ${reported.join('\n  ')}`,
  );
});

test('random WebSocket drops mid-output are each reported as a lost connection, and reconnecting works', async ({
  page,
  request,
}) => {
  test.setTimeout(60_000);
  const { id, task } = await runningTask(request, 'api-gateway');
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`/allocations/${id}/exec/${task}`);
  await expect(status(page)).toHaveText(`Connected to ${task}: ["/bin/bash"]`);

  // Every exec connection is cut (no close frame, FIN or RST) after 600–6000 bytes.
  const faults = await request.put('/__mock/faults', {
    data: { seed: 11, paths: ['/v1/client/allocation/'], drop: { rate: 1, afterBytes: [600, 6000] } },
  });
  expect(faults.ok()).toBe(true);
  const counters = async () =>
    ((await (await request.get('/__mock/faults')).json()) as { Counters: { Dropped: number } }).Counters;
  const droppedBefore = (await counters()).Dropped;

  // The connection opened before the faults is a clean one: end it, so each round below
  // starts with a reconnect through the faults.
  expect(await (await request.post(`/__mock/exec/close?code=1000&alloc=${id}`)).json()).toEqual({ Closed: 1 });
  const DROPS = 4;
  for (let i = 0; i < DROPS; i++) {
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await expect(status(page)).toHaveText(`Connected to ${task}: ["/bin/bash"]`);
    // Enough output to cross the drop point.
    await typeLine(page, 'seq 1 5000');
    await expect(status(page)).toHaveText(
      'Connection lost — the connection dropped before the command exited (code 1006)',
    );
  }
  const dropped = (await counters()).Dropped - droppedBefore;
  expect(dropped).toBeGreaterThanOrEqual(DROPS);

  expect((await request.delete('/__mock/faults')).ok()).toBe(true);
  await page.getByRole('button', { name: 'Reconnect' }).click();
  await expect(status(page)).toHaveText(`Connected to ${task}: ["/bin/bash"]`);
  await typeLine(page, 'echo survived-the-drops');
  await expect.poll(() => screen(page)).toMatch(/^survived-the-drops$/m);
  console.log(
    `chaos-exec (drops): ${dropped} exec connections dropped mid-output, each reported as lost (1006); reconnect worked after each, then a clean session ran a command`,
  );
});
