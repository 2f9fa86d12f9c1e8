/** What the exec specs share: finding a running task, and reading and typing into the terminal. */
import type { APIRequestContext, Page } from '@playwright/test';

export interface Alloc {
  ID: string;
  ClientStatus: string;
  TaskStates: Record<string, { State: string }> | null;
}

/** A running allocation of `job` and its running task. */
export async function runningTask(
  request: APIRequestContext,
  job: string,
  { base = '', token = '' } = {},
): Promise<{ id: string; task: string }> {
  const headers = token ? { 'X-Nomad-Token': token } : undefined;
  const res = await request.get(`${base}/v1/job/${job}/allocations`, { headers });
  const allocs = (await res.json()) as Alloc[];
  for (const a of allocs.filter((x) => x.ClientStatus === 'running')) {
    const task = Object.entries(a.TaskStates ?? {}).find(([, s]) => s.State === 'running')?.[0];
    if (task) return { id: a.ID, task };
  }
  throw new Error(`no running ${job} allocation`);
}

export const terminal = (page: Page) => page.getByTestId('exec-terminal');
export const status = (page: Page) => page.getByRole('status', { name: 'Session status' });

/** The terminal's rows as plain text (the DOM renderer uses no-break spaces). */
export async function screenRows(page: Page): Promise<string[]> {
  return (await terminal(page).locator('.xterm-rows > div').allTextContents()).map((r) =>
    r.replace(/\u00a0/g, ' ').trimEnd(),
  );
}
export const screen = async (page: Page) => (await screenRows(page)).join('\n');

export async function typeLine(page: Page, line: string) {
  await terminal(page).click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}
