/** What the timeline specs share: the server's record of published events and the page's export. */
import { readFile } from 'node:fs/promises';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export interface WireEvent {
  Index: number;
  Topic: string;
  Type: string;
  Key: string;
  Namespace: string;
}

/** One line per event, for comparing sets and finding duplicates. */
export const eventId = (e: WireEvent) => `${e.Index} ${e.Topic} ${e.Type} ${e.Namespace}/${e.Key}`;

/** The server's record of what a default subscription (`*`, namespace default) received after `after`. */
export async function published(
  request: APIRequestContext,
  after: number,
): Promise<{ Events: WireEvent[]; Index: number }[]> {
  const res = await request.get(`/__mock/events/published?after=${after}&limit=100000`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { Batches: { Events: WireEvent[]; Index: number }[] }).Batches;
}

/** Every event the page buffered, through its own "Export" button. */
export async function exported(page: Page): Promise<WireEvent[]> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Export buffer/ }).click();
  const text = await readFile(await (await download).path(), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as WireEvent);
}
