/**
 * Builds the dashboard (under the shared e2e lock, since the build writes dist/) and starts
 * `server/main.ts` with a scenario's mock flags on a free port from the bench's range.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const PORTS = [4951, 4952, 4953, 4954, 4955, 4956, 4957, 4958, 4959];
const LOCK = '/tmp/nomad-live-e2e.lock';

export function buildApp(): void {
  const r = spawnSync('flock', [LOCK, 'node_modules/.bin/vite', 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status})`);
  // Other people edit src/ while we run: mark this build as the one to serve, so the server
  // does not rebuild dist/ outside the lock on start.
  const now = new Date();
  utimesSync(join(ROOT, 'dist', 'index.html'), now, now);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export interface BenchServer {
  url: string;
  stop(): Promise<void>;
  json<T>(path: string, method?: string): Promise<T>;
}

export async function startServer(flags: string[]): Promise<BenchServer> {
  let port = 0;
  for (const p of PORTS) {
    if (await portFree(p)) {
      port = p;
      break;
    }
  }
  if (!port) throw new Error(`no free port in ${PORTS[0]}-${PORTS.at(-1)}`);
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('node_modules/.bin/tsx', ['server/main.ts', '--port', String(port), ...flags], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/v1/agent/self`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('server did not start within 60 s');
    await sleep(200);
  }
  return {
    url,
    async json<T>(path: string, method = 'GET'): Promise<T> {
      const r = await fetch(url + path, { method });
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `--data-dir` in a fresh temporary directory: the user's event sinks are streams too, and
 * the firehose waits for every stream, so a sink whose receiver is down would stall it.
 */
export function isolatedDataDir(): string[] {
  return ['--data-dir', mkdtempSync(join(tmpdir(), 'nomad-live-bench-'))];
}
