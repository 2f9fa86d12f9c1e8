/**
 * Scenario 3, log follow firehose: one running task's stdout raised to BENCH_LOG_RATE
 * records/s (the mock's mixed lines: plain, ANSI, CJK/emoji, JSON, some 100 KB) while the
 * log view follows it, then the same with the bare baseline reader. Integrity: after the
 * writer is frozen, the page's "Download shown" text must be exactly the end of the
 * server's log (same bytes, nothing missing or doubled).
 */
import type { Browser } from '@playwright/test';
import { ProbedPage, round } from '../lib/browser.ts';
import { sleep, startServer, type BenchServer } from '../lib/server.ts';

const SECONDS = Number(process.env.BENCH_LOG_SECONDS ?? 15);
const RATE = Number(process.env.BENCH_LOG_RATE ?? 50_000);
const STREAM = /\/v1\/client\/fs\/logs\//;

export interface Target {
  alloc: string;
  task: string;
}
interface Writer {
  AllocID: string;
  Task: string;
  Type: string;
  Records: number;
}

export async function pickTask(server: BenchServer): Promise<Target> {
  const allocs = await server.json<{ ID: string; JobID: string; ClientStatus: string }[]>(
    '/v1/allocations?namespace=*&task_states=false',
  );
  for (const a of allocs) {
    if (a.ClientStatus !== 'running' || a.JobID === 'log-shipper') continue;
    const full = await server.json<{ TaskStates?: Record<string, { State: string }> }>(`/v1/allocation/${a.ID}`);
    const task = Object.entries(full.TaskStates ?? {}).find(([, s]) => s.State === 'running')?.[0];
    if (task) return { alloc: a.ID, task };
  }
  throw new Error('no running task to follow');
}

async function records(server: BenchServer, t: Target): Promise<number> {
  const ws = await server.json<Writer[]>('/__mock/logs');
  return ws.find((w) => w.AllocID === t.alloc && w.Task === t.task && w.Type === 'stdout')?.Records ?? 0;
}

export const writer = (server: BenchServer, t: Target, action: string) =>
  server.json(`/__mock/logs/${t.alloc}/${encodeURIComponent(t.task)}/${action}`, 'POST');

async function run(browser: Browser, server: BenchServer, t: Target, app: boolean): Promise<Record<string, unknown>> {
  await writer(server, t, `rate?type=stdout&lines=${RATE}`);
  // The page loads while the writer is frozen: at 200,000 records/s the mock's one thread
  // is busy writing, and the load itself is not what this scenario measures.
  await writer(server, t, 'freeze');
  const p = await ProbedPage.open(browser, [STREAM], app ? ['log-row'] : []);
  try {
    const path = app
      ? `/allocations/${t.alloc}/logs/${encodeURIComponent(t.task)}`
      : `/__bench/logs-baseline.html?alloc=${t.alloc}&task=${encodeURIComponent(t.task)}`;
    await p.page.goto(server.url + path);
    if (app) await p.firstSeen('log-row');
    else await p.page.waitForFunction('window.__base && window.__base.frames > 0');
    await writer(server, t, 'unfreeze');
    const b0 = p.received(STREAM);
    const r0 = await records(server, t);
    const base0 = app ? undefined : await baseCounts(p);
    await p.probe(true);
    const t0 = performance.now();
    await sleep(SECONDS * 1000);
    const bytes = p.received(STREAM) - b0;
    const seconds = (performance.now() - t0) / 1000;
    const written = (await records(server, t)) - r0;
    const frames = await p.frameStats();
    await p.probe(false);
    await writer(server, t, 'freeze');
    const out: Record<string, unknown> = {
      seconds: round(seconds, 2),
      wireMBPerSec: round(bytes / seconds / 1e6, 2),
      serverRecordsPerSec: Math.round(written / seconds),
    };
    if (base0) {
      const b1 = await baseCounts(p);
      out.decodedMBPerSec = round((b1.bytes - base0.bytes) / seconds / 1e6, 2);
      out.linesPerSec = Math.round((b1.lines - base0.lines) / seconds);
    }
    Object.assign(out, frames, { heapEndMB: await p.heapMB(), heapAfterGcMB: await p.heapMB(true) });
    if (app) Object.assign(out, await integrity(p, server, t));
    return out;
  } finally {
    await p.close();
  }
}

function baseCounts(p: ProbedPage): Promise<{ bytes: number; lines: number }> {
  return p.page.evaluate('({ bytes: window.__base.bytes, lines: window.__base.lines })');
}

/** Compares the page's shown text with the end of the server's log, byte for byte. */
async function integrity(p: ProbedPage, srv: BenchServer, t: Target): Promise<Record<string, unknown>> {
  // The writer is frozen: wait until the page has taken the rest (its line count holds
  // still for 1.5 s), or give up after 20 s and compare what it has.
  const count = async () =>
    (await p.page
      .getByText(/lines in memory/)
      .first()
      .textContent()) ?? '';
  let last = await count();
  let stableSince = performance.now();
  const deadline = performance.now() + 20_000;
  while (performance.now() - stableSince < 1500 && performance.now() < deadline) {
    await sleep(250);
    const now = await count();
    if (now !== last) {
      last = now;
      stableSince = performance.now();
    }
  }
  const [download] = await Promise.all([
    p.page.waitForEvent('download'),
    p.page.getByRole('button', { name: 'Download shown' }).click(),
  ]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const shown = Buffer.concat(chunks);
  const server = await serverLog(srv, t);
  // The node keeps only the newest rotated files, so compare the part both still hold.
  const n = Math.min(shown.length, server.length);
  const a = shown.subarray(shown.length - n);
  const b = server.subarray(server.length - n);
  let firstDiffFromEnd: number | undefined;
  for (let i = 1; i <= n; i++) {
    if (a[n - i] !== b[n - i]) {
      firstDiffFromEnd = i;
      break;
    }
  }
  // The viewer's own notes: files rotated away before Nomad's reader opened them (the
  // writer outran the reader), and reconnects that could not resume in place.
  const notes = shown
    .toString('utf8')
    .split('\n')
    .filter((l) => /^— .* —$/.test(l));
  return {
    gapNotices: notes.filter((l) => /rotated away/.test(l)).length,
    otherNotices: notes.filter((l) => !/rotated away/.test(l)).length,
    shownBytes: shown.length,
    serverBytesKept: server.length,
    comparedBytes: n,
    comparedEqual: firstDiffFromEnd === undefined,
    firstDifferenceBytesFromEnd: firstDiffFromEnd,
  };
}

/** Every rotated stdout file still on the node, oldest first, concatenated. */
async function serverLog(srv: BenchServer, t: Target): Promise<Buffer> {
  const files = await srv.json<{ Name: string }[]>(`/v1/client/fs/ls/${t.alloc}?path=alloc/logs`);
  const prefix = `${t.task}.stdout.`;
  const ours = files
    .filter((f) => f.Name.startsWith(prefix))
    .map((f) => ({ name: f.Name, n: Number(f.Name.slice(prefix.length)) }))
    .sort((x, y) => x.n - y.n);
  const parts: Buffer[] = [];
  for (const f of ours) {
    const path = encodeURIComponent(`alloc/logs/${f.name}`);
    const r = await fetch(`${srv.url}/v1/client/fs/cat/${t.alloc}?path=${path}`);
    if (!r.ok) throw new Error(`cat ${f.name}: ${r.status}`);
    parts.push(Buffer.from(await r.arrayBuffer()));
  }
  return Buffer.concat(parts);
}

export async function logs(browser: Browser): Promise<Record<string, unknown>> {
  const server = await startServer([]);
  try {
    const t = await pickTask(server);
    const app = await run(browser, server, t, true);
    const baseline = await run(browser, server, t, false);
    return {
      app,
      baseline,
      target: `${t.alloc.slice(0, 8)}/${t.task} at ${RATE.toLocaleString('en')} records/s`,
      note: 'wire MB/s counts the JSON frames (base64 data) as received; the mock writer is paced at the set rate, not by the reader.',
    };
  } finally {
    await server.stop();
  }
}
