import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { ACL_URL, BASE_URL, PROXY_UPSTREAM_URL, PROXY_URL } from './e2e/urls.ts';

// Debian's Chromium: Playwright cannot download its own browsers on our machines.
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH?.trim() || '/usr/bin/chromium';
// Each server keeps its event sinks in a fresh temp dir, so runs never see each other's sinks.
const sinkDataRoot = mkdtempSync(join(tmpdir(), 'nomad-live-e2e-sinks-'));
const server = (url: string, extra: string) => ({
  command: `node_modules/.bin/tsx server/main.ts --port ${new URL(url).port} --data-dir ${join(sinkDataRoot, new URL(url).port)} ${extra}`,
  url: `${url}/v1/agent/self`,
  reuseExistingServer: false,
  timeout: 120_000,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
});

export default defineConfig({
  testDir: 'e2e',
  // One worker: the specs share the mock clusters and change their state.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: [
    server(BASE_URL, ''),
    server(ACL_URL, '--acl'),
    // Proxy mode (e2e/proxy.spec.ts): the dashboard in front of a separately started mock agent.
    server(PROXY_UPSTREAM_URL, '--api-only'),
    { ...server(PROXY_URL, ''), env: { NOMAD_ADDR: PROXY_UPSTREAM_URL } },
  ],
});
