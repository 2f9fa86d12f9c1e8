/**
 * Logs chaos (issue 9): a followed log through random connection drops, split writes and
 * garbled frames on /v1/client/fs/logs (the mock's fault engine), with rotations all along
 * and a truncation in the middle. At the end the text the page shows must equal, byte for
 * byte, what the task wrote (the mock regenerates it from its records), with no line lost
 * or doubled. The figures (connections dropped, frames garbled, bytes compared) are printed.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

test.setTimeout(60_000);

interface Alloc {
  ID: string;
  JobID: string;
  ClientStatus: string;
  TaskStates: Record<string, { State: string }> | null;
}

interface Counters {
  Requests: number;
  Dropped: number;
  Split: number;
  Garbled: number;
}

const RATE = 2500; // records/s: ~250 KB/s, a rotation of the mock's 512 KiB files every ~2 s

async function runningTask(request: APIRequestContext): Promise<{ id: string; task: string }> {
  const allocs = (await (await request.get('/v1/allocations?namespace=default')).json()) as Alloc[];
  for (const a of allocs.filter((x) => x.ClientStatus === 'running' && x.JobID === 'web-frontend')) {
    const task = Object.entries(a.TaskStates ?? {}).find(([, s]) => s.State === 'running')?.[0];
    if (task) return { id: a.ID, task };
  }
  throw new Error('no running web-frontend allocation');
}

const post = async (request: APIRequestContext, path: string) =>
  expect((await request.post(path)).ok(), path).toBe(true);

async function records(request: APIRequestContext, id: string, task: string): Promise<number> {
  const res = await request.get(`/__mock/logs/${id}/${task}/written?type=stdout&from=0&to=0`);
  expect(res.ok()).toBe(true);
  return Number(res.headers()['x-nomad-live-records']);
}

/** The log's last line as the page renders it (ANSI removed). */
async function lastWrittenLine(request: APIRequestContext, id: string, task: string): Promise<string> {
  const n = await records(request, id, task);
  const text = await (await request.get(`/__mock/logs/${id}/${task}/written?type=stdout&from=${n - 1}`)).text();
  return strip(text.split('\n').at(-2)!);
}

const ESC = String.fromCharCode(27);
const strip = (s: string) => s.replace(new RegExp(`${ESC}\\[[0-9;]*[A-Za-z]`, 'g'), '');
const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits until the page shows the newest line the task wrote (it has caught up). */
async function caughtUp(page: Page, request: APIRequestContext, id: string, task: string): Promise<void> {
  const last = await lastWrittenLine(request, id, task);
  await expect(page.getByTestId('log-row').filter({ hasText: new RegExp(`${reEscape(last)}$`) })).toHaveCount(1, {
    timeout: 20_000,
  });
}

test.afterEach(async ({ request }) => {
  await request.delete('/__mock/faults');
});

test('a followed log through drops, split writes and garbled frames, rotation and truncation: byte for byte', async ({
  page,
  request,
}) => {
  expect((await request.post('/__mock/reset')).ok()).toBe(true);
  const { id, task } = await runningTask(request);
  const w = `/__mock/logs/${id}/${task}`;
  await post(request, `${w}/freeze`);
  const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);
  const faults = {
    seed,
    paths: [`/v1/client/fs/logs/${id}`],
    drop: { rate: 0.5, afterBytes: [0, 128 * 1024], dropEveryMs: [400, 2500] },
    split: { rate: 0.7 },
    garble: { rate: 0.03 },
  };
  const put = await request.put('/__mock/faults', { data: faults });
  expect(put.ok(), await put.text()).toBe(true);
  const from = await records(request, id, task);

  await page.goto(`/allocations/${id}/logs/${task}`);
  await expect(page.getByTestId('log-row').first()).toBeVisible();
  await post(request, `${w}/rate?type=stdout&lines=${RATE}`);
  await post(request, `${w}/unfreeze`);
  await expect.poll(() => records(request, id, task), { timeout: 20_000 }).toBeGreaterThan(from + RATE * 6);

  // A truncation in the middle (copytruncate), once the page has what was written so far.
  await post(request, `${w}/freeze`);
  await caughtUp(page, request, id, task);
  const files = (await (await request.get(`/v1/client/fs/ls/${id}?path=alloc/logs`)).json()) as { Name: string }[];
  const live = files
    .map((f) => f.Name)
    .filter((n) => n.startsWith(`${task}.stdout.`))
    .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()))
    .at(-1)!;
  await post(request, `/__mock/fs/${id}/truncate?path=alloc/logs/${live}`);
  await expect(page.getByText(/stdout was truncated/).first()).toBeAttached({ timeout: 20_000 });
  const mid = await records(request, id, task);
  await post(request, `${w}/unfreeze`);
  await expect.poll(() => records(request, id, task), { timeout: 20_000 }).toBeGreaterThan(mid + RATE * 6);

  // Stop writing and let the page take the rest; a last clean burst flushes out a frame
  // garbled at the very end (its damage only shows when the next frame starts).
  await post(request, `${w}/freeze`);
  const counters = (await (await request.get('/__mock/faults')).json()) as { Counters: Counters };
  await request.delete('/__mock/faults');
  await post(request, `${w}/burst?type=stdout&lines=3`);
  await caughtUp(page, request, id, task);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download shown' }).click(),
  ]);
  const shownAll = await readFile((await download.path())!, 'utf8');
  // The viewer's own notes (truncation, reconnects) are not log text.
  const notes = shownAll.split('\n').filter((l) => /^— .* —$/.test(l));
  const shown = shownAll
    .split('\n')
    .filter((l) => !/^— .* —$/.test(l))
    .join('\n');
  const to = await records(request, id, task);
  // The page opened at the tail (64 KiB before `from`), so start the comparison well before.
  const writtenRes = await request.get(`${w}/written?type=stdout&from=${Math.max(0, from - 2000)}&to=${to}`);
  const written = Buffer.from(await writtenRes.body()).toString('utf8');
  const since = Buffer.from(await (await request.get(`${w}/written?type=stdout&from=${from}&to=${to}`)).body());

  console.log(
    `logs chaos (seed ${seed}): ${counters.Counters.Requests} log requests, ${counters.Counters.Dropped} dropped, ` +
      `${counters.Counters.Split} split, ${counters.Counters.Garbled} garbled; ${to - from} records written ` +
      `(${since.length} bytes); compared ${Buffer.byteLength(shown)} bytes; notes: ${notes.length}`,
  );
  expect(notes.filter((n) => /truncated/.test(n)).length).toBeGreaterThanOrEqual(1);
  expect(notes.filter((n) => /skipped|rotated away|missing/.test(n))).toEqual([]);
  expect(Buffer.byteLength(shown)).toBeGreaterThan(since.length);
  // Byte for byte: what is shown is exactly the end of what was written.
  expect(written.endsWith(shown)).toBe(true);
  expect(counters.Counters.Dropped).toBeGreaterThan(3);
});
