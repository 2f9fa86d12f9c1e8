/**
 * The XSS corpus (server/mock/hostile) through every page: job, task, group, node and file
 * names, metadata keys and values, file contents, a 1 MiB line, log lines (with ANSI and
 * an OSC 8 `javascript:` hyperlink), event payloads, exec output and a sink address.
 *
 * Three independent tripwires, checked after every page: a payload that ran would set
 * `window.__xss` and open an alert; markup that was parsed (script, style, iframe) would
 * trip the page's CSP, recorded by a `securitypolicyviolation` listener installed before
 * any of the app's code. And each page must show the payloads as text.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  HOSTILE,
  HOSTILE_ANSI_FILE,
  HOSTILE_FILE_NAME,
  HOSTILE_JOB_ID,
  HOSTILE_NODE_NAME,
  HOSTILE_SVG_FILE,
  HOSTILE_TASK,
  HOSTILE_TEXT_FILE,
  ONE_MB_LINE_FILE,
} from '../server/mock/hostile/corpus.ts';
import type { HostilePlacement } from '../server/mock/hostile/place.ts';

declare global {
  interface Window {
    __xss?: unknown;
    __cspViolations?: string[];
  }
}

const SINK_ID = `xss-"><img\tsrc=x\tonerror=window.__xss=1>`;
const SINK_ADDRESS = `http://127.0.0.1:9/hook?q=${HOSTILE.script}#${HOSTILE.img}`;
/** Accessible names and Playwright's text matching collapse whitespace (the tab in the ID). */
const shown = (s: string) => s.replace(/\s+/g, ' ');
const enc = encodeURIComponent;

let placed: HostilePlacement;

test.beforeAll(async ({ request }) => {
  expect((await request.post('/__mock/reset')).ok()).toBe(true);
  const res = await request.post('/__mock/hostile');
  expect(res.ok()).toBe(true);
  placed = (await res.json()) as HostilePlacement;
  // The sink API refuses a javascript: address and keeps an http one with hostile parts.
  const refused = await request.put(`/v1/event/sink/xss-js`, {
    data: { ID: 'xss-js', Type: 'webhook', Address: HOSTILE.jsUrl, Topics: { Job: ['*'] } },
  });
  expect(refused.status()).toBe(400);
  expect(await refused.text()).toContain('Webhook sink Address must use http or https, not "javascript:"');
  const created = await request.put(`/v1/event/sink/${enc(SINK_ID)}`, {
    data: { ID: SINK_ID, Type: 'webhook', Address: SINK_ADDRESS, Topics: { Job: [HOSTILE_JOB_ID] } },
  });
  expect(created.status(), await created.text()).toBe(200);
});

test.afterAll(async ({ request }) => {
  await request.delete(`/v1/event/sink/${enc(SINK_ID)}`);
  // Other specs expect the seeded cluster.
  await request.post('/__mock/reset');
});

/** Installs the tripwires; returns the dialogs seen (a `beforeunload` prompt is not one). */
async function tripwires(page: Page): Promise<string[]> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    if (d.type() === 'beforeunload') return void d.accept();
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  return dialogs;
}

async function expectNothingRan(page: Page, dialogs: string[], where: string): Promise<void> {
  const state = await page.evaluate(() => ({ xss: window.__xss ?? null, csp: window.__cspViolations ?? null }));
  expect(state.xss, `a payload ran on ${where}`).toBeNull();
  expect(state.csp, `the listener is installed on ${where}`).not.toBeNull();
  expect(state.csp, `CSP violations on ${where}`).toEqual([]);
  expect(dialogs, `dialogs on ${where}`).toEqual([]);
}

test('every page shows the XSS corpus as text and runs none of it', async ({ page, request }) => {
  test.setTimeout(60_000);
  const dialogs = await tripwires(page);
  const visit = async (path: string, check: () => Promise<void>) => {
    await test.step(path, async () => {
      await page.goto(path);
      await check();
      await expectNothingRan(page, dialogs, path);
    });
  };
  const alloc = placed.AllocID;

  await visit('/jobs?namespace=*&q=xss', async () => {
    await expect(page.getByRole('link', { name: shown(HOSTILE_JOB_ID) })).toBeVisible();
  });

  await visit(`/jobs/default/${enc(HOSTILE_JOB_ID)}`, async () => {
    await expect(page.getByRole('heading', { level: 1, name: shown(HOSTILE_JOB_ID) })).toBeVisible();
    await expect(page.getByText(HOSTILE_TASK).first()).toBeVisible();
    await expect(page.getByRole('link', { name: HOSTILE_NODE_NAME }).first()).toBeVisible();
  });

  await visit('/nodes', async () => {
    await expect(page.getByRole('link', { name: HOSTILE_NODE_NAME })).toBeVisible();
  });

  await visit(`/nodes/${placed.NodeID}`, async () => {
    await expect(page.getByRole('heading', { level: 1, name: HOSTILE_NODE_NAME })).toBeVisible();
    const meta = page.getByRole('table', { name: 'Node metadata' });
    await expect(meta.getByText(HOSTILE.script, { exact: true }).first()).toBeVisible();
    await expect(meta.getByText(HOSTILE.img, { exact: true }).first()).toBeVisible();
    await expect(meta.getByText(HOSTILE.jsUrl, { exact: true }).first()).toBeVisible();
    await expect(meta.getByText(HOSTILE.entities, { exact: true }).first()).toBeVisible();
    // A javascript: value is never made into a link.
    await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
  });

  await visit(`/allocations?namespace=*&job=${enc(HOSTILE_JOB_ID)}`, async () => {
    await expect(page.getByTestId('alloc-row').filter({ hasText: HOSTILE_NODE_NAME })).toHaveCount(1);
  });

  await visit(`/allocations/${alloc}`, async () => {
    await expect(page.getByText(HOSTILE_TASK).first()).toBeVisible();
    await expect(page.getByText(HOSTILE_NODE_NAME).first()).toBeVisible();
  });

  await visit(`/allocations/${alloc}/files/alloc/data`, async () => {
    await expect(page.getByRole('link', { name: HOSTILE_FILE_NAME })).toBeVisible();
    // The override is shown as a code point, so the spoofed extension cannot pass for .pdf.
    await expect(page.getByRole('link', { name: 'invoice⟨U+202E⟩fdp.exe.txt' })).toBeVisible();
  });

  await visit(`/allocations/${alloc}/files/alloc/data/${HOSTILE_TEXT_FILE}`, async () => {
    const lines = page.getByTestId('file-line');
    for (const key of ['script', 'svg', 'iframe', 'style', 'entities', 'template'] as const) {
      await expect(lines.filter({ hasText: `${key}: ${HOSTILE[key]}` })).toHaveCount(1);
    }
  });

  await visit(`/allocations/${alloc}/files/alloc/data/${enc(HOSTILE_FILE_NAME)}`, async () => {
    await expect(page.getByTestId('file-line').filter({ hasText: HOSTILE.script })).toHaveCount(1);
  });

  await visit(`/allocations/${alloc}/files/alloc/data/${HOSTILE_SVG_FILE}`, async () => {
    // Either shown as an <img> (scripts never run there) or as text; both are inert.
    await expect(
      page.getByRole('img', { name: /payload\.svg/ }).or(page.getByTestId('file-line').first()),
    ).toBeVisible();
  });

  await visit(`/allocations/${alloc}/files/alloc/data/${ONE_MB_LINE_FILE}`, async () => {
    await expect(page.getByTestId('file-line').first()).toContainText('0123456789abcdef');
  });

  await visit(`/allocations/${alloc}/logs/${enc(HOSTILE_TASK)}`, async () => {
    const rows = page.getByTestId('log-row');
    for (const payload of [HOSTILE.script, HOSTILE.img, HOSTILE.svg, HOSTILE.jsUrl, HOSTILE.template]) {
      await expect(rows.filter({ hasText: payload }).first()).toBeVisible();
    }
    // The OSC 8 hyperlink to javascript: is dropped, its text kept.
    await expect(rows.filter({ hasText: 'click me' }).first()).toBeVisible();
    await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
  });

  await visit(`/allocations/${alloc}/exec/${enc(HOSTILE_TASK)}`, async () => {
    const terminal = page.getByTestId('exec-terminal');
    await expect(page.getByRole('status', { name: 'Session status' })).toContainText('Connected to');
    await terminal.click();
    await page.keyboard.type(`cat /alloc/data/${HOSTILE_TEXT_FILE}`);
    await page.keyboard.press('Enter');
    const screen = async () =>
      (await terminal.locator('.xterm-rows > div').allTextContents()).map((r) => r.replace(/\u00a0/g, ' ')).join('\n');
    await expect.poll(screen).toContain(`script: ${HOSTILE.script}`);
    await expect.poll(screen).toContain(`img: ${HOSTILE.img}`);

    // An OSC 8 hyperlink whose target is javascript: stays plain text: clicking it does nothing.
    await page.keyboard.type(`cat /alloc/data/${HOSTILE_ANSI_FILE}`);
    await page.keyboard.press('Enter');
    await expect.poll(screen).toContain('click me');
    const at = await terminal.evaluate((root) => {
      for (const row of root.querySelectorAll('.xterm-rows > div')) {
        const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          // The DOM renderer writes spaces as no-break spaces (same length).
          const i = (n.textContent ?? '').replace(/\u00a0/g, ' ').indexOf('click');
          if (i < 0) continue;
          const range = document.createRange();
          range.setStart(n, i);
          range.setEnd(n, i + 'click'.length);
          const r = range.getBoundingClientRect();
          return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
        }
      }
      return null;
    });
    expect(at).not.toBeNull();
    await page.mouse.move(at!.x, at!.y);
    await page.mouse.click(at!.x, at!.y);
    await expect(page).toHaveURL(/\/exec\//);
    expect(page.context().pages()).toHaveLength(1);
  });

  await visit(`/events?topic=Job&from=buffer&q=xss-`, async () => {
    // A fresh event for the job, in case the buffer has moved past its registration.
    const touched = await request.post(`/__mock/job/${enc(HOSTILE_JOB_ID)}`, { data: { Priority: 51 } });
    expect(touched.ok()).toBe(true);
    const row = page
      .getByTestId('timeline-row')
      .filter({ hasText: shown(HOSTILE_JOB_ID) })
      .first();
    await expect(row).toBeVisible();
    await row.dblclick();
    const drawer = page.getByRole('dialog', { name: 'Event details' });
    await expect(drawer).toBeVisible();
    await expect(drawer.getByText(shown(HOSTILE_JOB_ID), { exact: true }).first()).toBeVisible();
    // The payload tree: the job's metadata, hostile keys and values, as JSON text.
    await drawer
      .getByRole('button', { name: /^Meta:/ })
      .first()
      .click();
    await expect(drawer.getByText(`"${HOSTILE.img}"`, { exact: true })).toBeVisible();
    await expect(drawer.getByText(`${HOSTILE.script}:`, { exact: true })).toBeVisible();
    await expect(drawer.getByText(`"${HOSTILE.jsUrl}"`, { exact: true })).toBeVisible();
  });

  await visit('/sinks', async () => {
    await expect(page.getByText(shown(SINK_ID)).first()).toBeVisible();
  });

  await visit(`/sinks?sink=${enc(SINK_ID)}`, async () => {
    await expect(page.getByText(SINK_ADDRESS).first()).toBeVisible();
    await expect(page.locator(`a[href*="127.0.0.1:9/hook"]`)).toHaveCount(0);
  });

  await visit(`/sinks?edit=${enc(SINK_ID)}`, async () => {
    await expect(page.getByLabel('Address')).toHaveValue(SINK_ADDRESS);
  });

  await visit('/sinks?new', async () => {
    // The form refuses a javascript: address with the server's message, and keeps the input.
    await page.getByLabel('ID', { exact: true }).fill('xss-form');
    await page.getByLabel('Address').fill(HOSTILE.jsUrl);
    await page.getByLabel('Topic 1', { exact: true }).fill('Job');
    await page.getByRole('button', { name: 'Create sink' }).click();
    await expect(page.getByText('Webhook sink Address must use http or https, not "javascript:"')).toBeVisible();
    await expect(page.getByLabel('Address')).toHaveValue(HOSTILE.jsUrl);
    expect((await request.get('/v1/event/sink/xss-form')).status()).toBe(404);
  });

  await visit('/settings', async () => {
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  });
});

test('the tripwires catch a payload planted by hand (so a quiet run means something)', async ({ page }) => {
  const dialogs = await tripwires(page);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // What a renderer that used innerHTML would do with the corpus.
  await page.evaluate((html) => {
    const div = document.createElement('div');
    div.innerHTML = html; // deliberately unsafe: the planted payload
    document.body.append(div);
  }, `${HOSTILE.img}${HOSTILE.style}`);
  await expect
    .poll(() => page.evaluate(() => window.__cspViolations ?? []))
    .toEqual(expect.arrayContaining([expect.stringMatching(/^script-src-attr/), expect.stringMatching(/^style-src/)]));
  expect(await page.evaluate(() => window.__xss ?? null)).toBeNull(); // the CSP stopped it
  // A payload that did run is seen by the flag and the dialog handler.
  await page.evaluate(() => {
    window.__xss = 1;
    window.alert('planted');
  });
  expect(dialogs).toEqual(['alert: planted']);
  await expect(expectNothingRan(page, dialogs, 'the planted page')).rejects.toThrow(/a payload ran/);
});
