import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { ACL_URL } from './urls.ts';

/** A webhook receiver on an ephemeral port that answers 503 while `failing` is set. */
class Receiver {
  failing = false;
  /** Index of every batch accepted (2xx), in arrival order; test events have Index 0. */
  accepted: number[] = [];
  rejected = 0;
  private server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (this.failing) {
        this.rejected += 1;
        res.writeHead(503).end('receiver is down');
        return;
      }
      const batch = JSON.parse(body) as { Index: number };
      this.accepted.push(batch.Index);
      res.writeHead(204).end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const latestIndex = async (page: Page, id: string) =>
  Number(await page.getByLabel(`Latest index of ${id}`).textContent());

test.describe('event sinks', () => {
  let receiver: Receiver;
  let address: string;

  test.beforeEach(async () => {
    receiver = new Receiver();
    address = await receiver.start();
  });
  test.afterEach(async () => {
    await receiver.stop();
  });

  test('validates the form with Nomad messages and keeps the input', async ({ page }) => {
    await page.goto('/sinks?new');
    await page.getByLabel('ID', { exact: true }).fill('has space');
    await page.getByLabel('Address').fill('ftp://example.com/x');
    await page.getByRole('button', { name: 'Create sink' }).click();
    await expect(page.getByText('Sink ID contains a space')).toBeVisible();
    await expect(page.getByText('Webhook sink Address must use http or https, not "ftp:"')).toBeVisible();
    await page.getByLabel('Topic 1', { exact: true }).fill('Jobs');
    await expect(page.getByText('Topic "Jobs" is not a known event topic.')).toBeVisible();
    await expect(page.getByLabel('ID', { exact: true })).toHaveValue('has space');
  });

  test('delivers, fails and retries, catches up, then is deleted', async ({ page }) => {
    test.setTimeout(90_000);
    const id = `e2e-${Date.now()}`;

    await page.goto('/sinks');
    await page.getByRole('link', { name: 'New sink' }).click();
    await page.getByLabel('ID', { exact: true }).fill(id);
    await page.getByLabel('Address').fill(address);
    await page.getByLabel('Topic 1', { exact: true }).fill('Allocation');
    await expect(page.getByText('Receives: Every Allocation event.')).toBeVisible();
    await page.getByRole('button', { name: 'Create sink' }).click();

    // The sink's view opens; the mock cluster's allocation events reach the receiver.
    await expect(page).toHaveURL(new RegExp(`sink=${id}`));
    const detail = page.getByRole('region', { name: `Sink ${id}` });
    await expect(detail.getByText('healthy', { exact: true })).toBeVisible();
    await expect.poll(() => latestIndex(page, id)).toBeGreaterThan(0);
    const first = await latestIndex(page, id);
    await expect.poll(() => latestIndex(page, id), { timeout: 20_000 }).toBeGreaterThan(first);

    // Receiver down: the sink retries (503s in the log) and is marked failing after three in a row.
    receiver.failing = true;
    await expect(detail.getByText('failing', { exact: true })).toBeVisible({ timeout: 30_000 });
    const log = detail.getByRole('table', { name: 'Delivery log' });
    await expect(log.getByRole('cell', { name: '503', exact: true }).first()).toBeVisible();
    await expect(detail.getByText(/Last error/)).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(id) }).getByText('failing')).toBeVisible();
    const stuckAt = await latestIndex(page, id);
    expect(receiver.rejected).toBeGreaterThanOrEqual(3);

    // Receiver back: the held batch is delivered and the sink catches up past where it stopped.
    receiver.failing = false;
    await expect(detail.getByText('healthy', { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => latestIndex(page, id), { timeout: 20_000 }).toBeGreaterThan(stuckAt);
    // In order, nothing skipped: indexes never go backwards (a repeat at a resume point is allowed).
    const batches = receiver.accepted.filter((i) => i > 0);
    expect(batches).toEqual([...batches].sort((a, b) => a - b));

    await detail.getByRole('button', { name: 'Send test event' }).click();
    await expect(detail.getByText(/Receiver answered 204 in \d+ ms/)).toBeVisible();
    expect(receiver.accepted).toContain(0);

    await detail.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete sink ${id}` });
    await dialog.getByRole('button', { name: 'Delete sink' }).click();
    await expect(page.getByRole('link', { name: id })).toHaveCount(0);
    await expect(page).not.toHaveURL(/sink=/);
  });
});

test('without a token on an ACL cluster, the page names the capability it needs', async ({ page }) => {
  await page.goto(`${ACL_URL}/sinks`);
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load sinks' });
  await expect(alert).toContainText('Permission denied');
  await expect(alert).toContainText('operator:read');
});
