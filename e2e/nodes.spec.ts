import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ACL_URL } from './urls.ts';

interface NodeStub {
  ID: string;
  Name: string;
  Status: string;
}

async function readyNode(request: APIRequestContext, headers: Record<string, string> = {}): Promise<NodeStub> {
  const nodes = (await (await request.get('/v1/nodes', { headers })).json()) as NodeStub[];
  // Not one of the scenario's edge nodes (dc3-edge-*): they register, drain and leave while
  // the test runs, and a node that left answers 404.
  const node = nodes.find((n) => n.Status === 'ready' && !n.Name.startsWith('dc3-edge-'));
  expect(node, 'a ready node').toBeDefined();
  return node!;
}

const metaRow = (page: Page, key: string) =>
  page
    .getByRole('table', { name: 'Node metadata' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: key, exact: true }) });

test.describe('nodes (ACLs off)', () => {
  test.beforeEach(async ({ request }) => {
    expect((await request.post('/__mock/reset')).ok()).toBe(true);
    expect((await request.post('/__mock/scenario/pause')).ok()).toBe(true);
  });
  test.afterEach(async ({ request }) => void (await request.post('/__mock/scenario/resume')));

  test('the node list links to a node page with its facts, stats and allocations', async ({ page, request }) => {
    const node = await readyNode(request);
    await page.goto('/nodes');
    await page.getByRole('link', { name: node.Name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: node.Name })).toBeVisible();
    await expect(page.getByText(node.ID).first()).toBeVisible();
    await expect(page.getByRole('img', { name: /^CPU, all cores: \d/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Allocations on this node' })).toBeVisible();
  });

  test('an invalid metadata key is refused with Nomad’s message before anything is sent', async ({ page, request }) => {
    const node = await readyNode(request);
    const writes: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/client/metadata') && r.method() !== 'GET') writes.push(r.url());
    });
    await page.goto(`/nodes/${node.ID}`);
    await page.getByLabel('Key', { exact: true }).fill('a..b');
    await page.getByLabel('Value', { exact: true }).fill('x');
    await expect(page.getByText('"a..b" is invalid; metadata keys must be valid dotted hcl identifiers')).toBeVisible();
    await expect(page.getByLabel('Key', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await page.getByRole('button', { name: 'Add to batch' }).click();
    await expect(page.getByRole('list', { name: 'Pending metadata changes' })).toHaveCount(0);
    await page.getByLabel('Key', { exact: true }).fill('');
    await expect(page.getByText('metadata keys must not be empty')).toBeVisible();
    expect(writes).toEqual([]);
  });

  test('setting then unsetting a key round-trips, with a diff first and propagation shown', async ({
    page,
    request,
  }) => {
    const node = await readyNode(request);
    await page.goto(`/nodes/${node.ID}`);

    await page.getByLabel('Key', { exact: true }).fill('e2e.owner');
    await page.getByLabel('Value', { exact: true }).fill('qa-team');
    await page.getByRole('button', { name: 'Add to batch' }).click();
    await expect(page.getByRole('list', { name: 'Pending metadata changes' })).toContainText('e2e.owner');
    await page.getByRole('button', { name: 'Review and apply' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('"qa-team"');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('status')).toContainText('The client stored the changes');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await expect(metaRow(page, 'e2e.owner')).toContainText('qa-team');
    await expect(page.getByText('The Node object shows the changes')).toBeVisible({ timeout: 15_000 });
    const after = (await (await request.get(`/v1/client/metadata?node_id=${node.ID}`)).json()) as {
      Dynamic: Record<string, string | null>;
    };
    expect(after.Dynamic['e2e.owner']).toBe('qa-team');

    await metaRow(page, 'e2e.owner').getByRole('button', { name: 'Unset e2e.owner' }).click();
    await expect(page.getByRole('list', { name: 'Pending metadata changes' })).toContainText('unset');
    await page.getByRole('button', { name: 'Review and apply' }).click();
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('status')).toContainText('The client stored the changes');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(metaRow(page, 'e2e.owner')).toHaveCount(0);
    await expect(page.getByText('The Node object shows the changes')).toBeVisible({ timeout: 15_000 });
    const gone = (await (await request.get(`/v1/client/metadata?node_id=${node.ID}`)).json()) as {
      Dynamic: Record<string, string | null> | null;
      Meta: Record<string, string>;
    };
    expect(gone.Meta['e2e.owner']).toBeUndefined();
    expect(gone.Dynamic?.['e2e.owner']).toBeUndefined();
  });
});

test.describe('nodes with a node-read token', () => {
  test.use({ baseURL: ACL_URL });

  test('metadata editing and GC are disabled with the missing capability named', async ({ page }) => {
    const tokens = (await (await page.request.get('/__mock/tokens')).json()) as { name: string; secretId: string }[];
    const reader = tokens.find((t) => t.name === 'node reader')!;
    const node = await readyNode(page.request, { 'X-Nomad-Token': reader.secretId });
    await page.goto('/settings');
    await page.getByLabel('Secret ID').fill(reader.secretId);
    await page.getByRole('button', { name: 'Save token' }).click();
    await expect(page.getByText(reader.name).first()).toBeVisible();

    await page.goto(`/nodes/${node.ID}`);
    const reason = 'The token "node reader" lacks the "node:write" capability.';
    await expect(page.getByRole('button', { name: 'Garbage collect allocations' })).toHaveAccessibleDescription(reason);
    await expect(page.getByRole('button', { name: 'Add to batch' })).toHaveAccessibleDescription(reason);
    await expect(page.getByRole('button', { name: /^Unset / }).first()).toHaveAttribute('aria-disabled', 'true');
  });
});
