// `npm test`: typecheck, lint, unit tests, browser tests. Every step runs even when an
// earlier one fails, so one run shows everything that is wrong; the exit code is non-zero
// if any step failed. The last line counts the tests as the runners reported them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const bin = (name) => `node_modules/.bin/${name}`;
// Not test-results/: Playwright empties that folder when it starts.
const results = 'reports';
rmSync(`${results}/vitest.json`, { force: true });
rmSync(`${results}/playwright.json`, { force: true });
mkdirSync(results, { recursive: true });

const steps = [
  ['typecheck', bin('tsc'), ['-b']],
  ['lint', bin('eslint'), ['--max-warnings=0', '.']],
  ['format', bin('prettier'), ['--check', '--log-level=warn', '.']],
  ['unit', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/vitest.json`]],
  ['e2e', 'npm', ['run', '--silent', 'test:e2e']],
];

const failed = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n▶ ${name}`);
  const { status, error } = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (status !== 0) failed.push(name);
  if (error) console.error(`${name}: ${error.message}`);
}

function count(file, read) {
  try {
    return read(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return { passed: 0, failed: 0 };
  }
}
const unit = count(`${results}/vitest.json`, (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests }));
const e2e = count(`${results}/playwright.json`, (r) => ({
  passed: r.stats.expected + r.stats.flaky,
  failed: r.stats.unexpected,
}));

console.log(`\nunit: ${unit.passed} passed, ${unit.failed} failed; e2e: ${e2e.passed} passed, ${e2e.failed} failed`);
if (failed.length) console.log(`failed steps: ${failed.join(', ')}`);
const summary = `${unit.passed + e2e.passed} passed, ${unit.failed + e2e.failed} failed`;
writeFileSync(`${results}/summary.txt`, `${summary}\n`);
console.log(summary);
process.exit(failed.length ? 1 : 0);
