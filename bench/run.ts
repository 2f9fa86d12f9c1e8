/**
 * `npm run bench [-- scenario…]`: builds the dashboard, runs each scenario against its own
 * mock server in Debian's Chromium, prints a table and writes bench/results/<time>.json and
 * bench/results/latest.json. Benchmarks are not tests: nothing here asserts on time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './lib/browser.ts';
import { buildApp, ROOT } from './lib/server.ts';
import { printTable } from './lib/table.ts';
import { SCENARIOS, NOT_MEASURED } from './scenarios/index.ts';

const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(n in SCENARIOS) && !(n in NOT_MEASURED));
if (unknown.length) {
  console.error(
    `unknown scenario ${unknown.join(', ')}; known: ${[...Object.keys(SCENARIOS), ...Object.keys(NOT_MEASURED)].join(', ')}`,
  );
  process.exit(2);
}
const selected = names.length ? names : [...Object.keys(SCENARIOS), ...Object.keys(NOT_MEASURED)];

const started = new Date();
if (!skipBuild) buildApp();
const browser = await launch();
const results: Record<string, unknown> = {};
let failed = false;
try {
  for (const name of selected) {
    if (name in NOT_MEASURED) {
      results[name] = { notMeasured: NOT_MEASURED[name] };
      continue;
    }
    const t = performance.now();
    console.log(`bench: ${name}…`);
    try {
      results[name] = await SCENARIOS[name]!(browser);
    } catch (err) {
      failed = true;
      results[name] = { error: err instanceof Error ? err.message : String(err) };
    }
    console.log(`bench: ${name} done in ${Math.round((performance.now() - t) / 1000)} s`);
  }
} finally {
  await browser.close();
}

const report = {
  startedAt: started.toISOString(),
  seconds: Math.round((Date.now() - started.getTime()) / 1000),
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  scenarios: results,
};
printTable(report.scenarios);
const dir = join(ROOT, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const json = `${JSON.stringify(report, null, 2)}\n`;
const file = join(dir, `${started.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, json);
writeFileSync(join(dir, 'latest.json'), json);
console.log(`bench: wrote ${file} and bench/results/latest.json`);
process.exit(failed ? 1 : 0);
