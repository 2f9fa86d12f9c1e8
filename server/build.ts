/**
 * `npm start` builds the SPA when dist/ is missing or older than its sources, so a fresh
 * clone needs no separate build step.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type * as Vite from 'vite';

const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.app.json'];

async function newestMtime(path: string): Promise<number> {
  let s;
  try {
    s = await stat(path);
  } catch {
    return 0;
  }
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of await readdir(path)) {
    newest = Math.max(newest, await newestMtime(join(path, entry)));
  }
  return newest;
}

export async function isBuildStale(root: string): Promise<boolean> {
  const built = await newestMtime(join(root, 'dist', 'index.html'));
  if (built === 0) return true;
  let newestInput = 0;
  for (const input of INPUTS) newestInput = Math.max(newestInput, await newestMtime(join(root, input)));
  return newestInput > built;
}

export async function ensureBuilt(root: string, log: (line: string) => void): Promise<void> {
  if (!(await isBuildStale(root))) return;
  log('dist/ is missing or older than the sources: building the dashboard…');
  let vite: typeof Vite;
  try {
    vite = await import('vite');
  } catch {
    throw new Error('dist/ needs a build but Vite is not installed: run `npm install` (with dev dependencies) first.');
  }
  await vite.build({ root, logLevel: 'warn', configFile: join(root, 'vite.config.ts') });
}
