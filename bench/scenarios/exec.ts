/**
 * Scenario 6, exec throughput: `seq 1 N` through the exec page's terminal (WebSocket →
 * session → xterm), timed from Enter until the last number is on screen; baseline: xterm
 * writing the same bytes in a bare page. Two more bare pages read the same exec socket (into
 * a bare xterm, and into nothing), since the socket's 1 KB frames can be the limit rather
 * than xterm. Then keystroke echo round trips (p50/p95).
 */
import type { Browser, Page } from '@playwright/test';
import { ProbedPage, percentile, round } from '../lib/browser.ts';
import { startServer, type BenchServer } from '../lib/server.ts';

const N = Number(process.env.BENCH_EXEC_SEQ ?? 2_000_000);
const ECHOES = 30;

async function runningTask(server: BenchServer, job: string): Promise<{ id: string; task: string }> {
  const allocs = await server.json<
    { ID: string; ClientStatus: string; TaskStates: Record<string, { State: string }> | null }[]
  >(`/v1/job/${job}/allocations`);
  for (const a of allocs.filter((x) => x.ClientStatus === 'running')) {
    const task = Object.entries(a.TaskStates ?? {}).find(([, s]) => s.State === 'running')?.[0];
    if (task) return { id: a.ID, task };
  }
  throw new Error(`no running ${job} allocation`);
}

type RowTest = { prompt: true } | { last: string } | { endsWith: string };

/** Runs in the page (the app's CSP forbids string evaluation); no named inner functions. */
function rowsMatch(t: RowTest): boolean {
  const rows = [...document.querySelectorAll('[data-testid="exec-terminal"] .xterm-rows > div')].map((r) =>
    (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd(),
  );
  const filled = rows.filter(Boolean);
  const atPrompt = /[#$]$/.test(filled.at(-1) ?? '');
  if ('prompt' in t) return atPrompt;
  if ('last' in t) return atPrompt && rows.includes(t.last);
  return rows.some((r) => r.endsWith(t.endsWith));
}

async function waitRows(page: Page, test: RowTest, timeout: number): Promise<void> {
  await page.waitForFunction(rowsMatch, test, { polling: 'raf', timeout });
}

async function app(browser: Browser, server: BenchServer): Promise<Record<string, unknown>> {
  const { id, task } = await runningTask(server, 'api-gateway');
  const p = await ProbedPage.open(browser, []);
  try {
    const page = p.page;
    await page.goto(`${server.url}/allocations/${id}/exec/${task}`);
    await page.getByRole('status', { name: 'Session status' }).getByText('Connected to').waitFor();
    const term = page.getByTestId('exec-terminal');
    await waitRows(page, { prompt: true }, 15_000);
    const cols = Number(await term.getAttribute('data-cols'));
    const rows = Number(await term.getAttribute('data-rows'));
    await term.click();
    await page.keyboard.type(`seq 1 ${N}`);
    await p.probe(true);
    const t0 = performance.now();
    await page.keyboard.press('Enter');
    await waitRows(page, { last: String(N) }, 300_000);
    const ms = performance.now() - t0;
    const frames = await p.frameStats();
    await p.probe(false);
    // Echo: one key at a time, until it is drawn at the end of the prompt line.
    const echo: number[] = [];
    const framesBefore = p.wsFrames.length;
    let typed = '';
    for (let i = 0; i < ECHOES; i++) {
      const ch = 'abcdefghij'[i % 10]!;
      typed += ch;
      const s = performance.now();
      await page.keyboard.press(ch);
      await waitRows(page, { endsWith: typed }, 10_000);
      echo.push(performance.now() - s);
    }
    await page.keyboard.press('Control+U');
    // The socket's share: each stdin frame to the next stdout frame, as CDP timed them.
    const socket: number[] = [];
    const ws = p.wsFrames.slice(framesBefore);
    for (let i = 0; i < ws.length; i++) {
      if (!ws[i]!.sent) continue;
      const reply = ws.slice(i + 1).find((f) => !f.sent);
      if (reply) socket.push((reply.t - ws[i]!.t) * 1000);
    }
    return {
      cols,
      rows,
      bytes: seqBytes(N),
      seconds: round(ms / 1000, 2),
      mbPerSec: round(seqBytes(N) / (ms / 1000) / 1e6, 2),
      ...frames,
      echoP50Ms: round(percentile(echo, 0.5)),
      echoP95Ms: round(percentile(echo, 0.95)),
      echoSocketP50Ms: round(percentile(socket, 0.5)),
      echoSocketP95Ms: round(percentile(socket, 0.95)),
      heapAfterGcMB: await p.heapMB(true),
    };
  } finally {
    await p.close();
  }
}

/** What `seq 1 n` prints on a tty: each number and "\r\n". */
function seqBytes(n: number): number {
  let total = 0;
  for (let d = 1, lo = 1; lo <= n; d++, lo *= 10) total += (Math.min(n, lo * 10 - 1) - lo + 1) * (d + 2);
  return total;
}

async function baseline(browser: Browser, url: string, cols: number, rows: number): Promise<Record<string, unknown>> {
  const p = await ProbedPage.open(browser, []);
  try {
    await p.page.goto(`${url}/__bench/xterm-baseline.html`);
    await p.probe(true);
    const r = await p.page.evaluate<{ bytes: number; ms: number }>(`window.__runXterm(${N}, ${cols}, ${rows})`);
    const frames = await p.frameStats();
    return {
      bytes: r.bytes,
      seconds: round(r.ms / 1000, 2),
      mbPerSec: round(r.bytes / (r.ms / 1000) / 1e6, 2),
      ...frames,
    };
  } finally {
    await p.close();
  }
}

/** The same `seq` over the same exec socket in a bare page: into a bare xterm, or read and dropped. */
async function socketBaseline(
  browser: Browser,
  server: BenchServer,
  cols: number,
  rows: number,
  render: boolean,
): Promise<Record<string, unknown>> {
  const { id, task } = await runningTask(server, 'api-gateway');
  const p = await ProbedPage.open(browser, []);
  try {
    await p.page.goto(`${server.url}/__bench/exec-socket-baseline.html`);
    await p.probe(true);
    const r = await p.page.evaluate<{ bytes: number; frames: number; ms: number }>(
      `window.__runExecSocket(${JSON.stringify(id)}, ${JSON.stringify(task)}, ${N}, ${cols}, ${rows}, ${render})`,
    );
    const frames = await p.frameStats();
    return {
      bytes: r.bytes,
      wsFrames: r.frames,
      seconds: round(r.ms / 1000, 2),
      mbPerSec: round(r.bytes / (r.ms / 1000) / 1e6, 2),
      ...frames,
    };
  } finally {
    await p.close();
  }
}

export async function exec(browser: Browser): Promise<Record<string, unknown>> {
  const server = await startServer([]);
  try {
    const a = await app(browser, server);
    const cols = a.cols as number;
    const rows = a.rows as number;
    const b = await baseline(browser, server.url, cols, rows);
    const socketXterm = await socketBaseline(browser, server, cols, rows, true);
    const socketOnly = await socketBaseline(browser, server, cols, rows, false);
    const mb = (r: Record<string, unknown>) => r.mbPerSec as number;
    return {
      app: a,
      baseline: b,
      ratioMBPerSec: round(mb(a) / mb(b), 2),
      socketIntoXterm: socketXterm,
      ratioToSocketIntoXterm: round(mb(a) / mb(socketXterm), 2),
      socketOnly,
      ratioToSocketOnly: round(mb(a) / mb(socketOnly), 2),
      note: 'app = Enter to the last number and the prompt on screen (socket, session, xterm); baseline = term.write of the same bytes in a bare page (no socket); socketIntoXterm = a bare page reading the same exec socket into a bare xterm; socketOnly = the same socket read and dropped (the transport ceiling: 1 KB frames, one task each).',
    };
  } finally {
    await server.stop();
  }
}
