// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NomadEvent } from '@/lib/nomad/types.ts';
import { renderWithProviders, waitFor, type Rendered } from '@/testing/render.tsx';
import type { TimelineEvent } from '../lib/timeline-event.ts';
import { EventDetailDrawer } from './event-detail-drawer.tsx';

const KEY = '5e1c2a4b-8f3d-4c1e-9b7a-0d2e6f4a1b3c';
const XSS = '<img src=x onerror=alert(1)>';

function allocEvent(
  Index: number,
  ClientStatus: string,
  ModifyIndex: number,
  Name = 'web-frontend.web[2]',
): NomadEvent {
  return {
    FilterKeys: ['web-frontend', ''],
    Index,
    Key: KEY,
    Namespace: 'default',
    Payload: {
      Allocation: {
        ID: KEY,
        Name,
        ClientStatus,
        DesiredStatus: 'run',
        NodeName: 'node-3',
        Job: null,
        ModifyIndex,
        TaskStates: { web: { State: ClientStatus === 'running' ? 'running' : 'pending', Restarts: 0 } },
      },
    },
    Topic: 'Allocation',
    Type: 'AllocationUpdated',
  };
}

const row = (seq: number, event: NomadEvent): TimelineEvent => ({ seq, receivedAt: Date.now(), event });

let view: Rendered | undefined;
let opener: HTMLButtonElement;
beforeEach(() => {
  opener = document.createElement('button');
  opener.textContent = 'open';
  document.body.append(opener);
  opener.focus();
});
afterEach(() => {
  view?.unmount();
  view = undefined;
  opener.remove();
  Reflect.deleteProperty(navigator, 'clipboard');
});

function stubClipboard(writeText: (text: string) => Promise<void>) {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
}

const dialogOf = (c: HTMLElement) => c.querySelector<HTMLElement>('[role="dialog"]')!;
const button = (c: HTMLElement, name: string) =>
  [...c.querySelectorAll('button')].find((b) => b.textContent === name) ?? fail(`no button ${name}`);

describe('EventDetailDrawer', () => {
  it('shows the event fields, the summary and FilterKeys, with focus moved in and back out', async () => {
    const event = row(2, allocEvent(42, 'running', 42));
    view = await renderWithProviders(<EventDetailDrawer event={event} previous={undefined} onClose={() => {}} />);
    const dialog = dialogOf(view.container);
    expect(dialog.getAttribute('aria-label')).toBe('Event details');
    expect(document.activeElement).toBe(dialog);
    const text = dialog.textContent ?? '';
    for (const s of [
      'Allocation',
      'AllocationUpdated',
      '42',
      KEY,
      'default',
      'web-frontend.web[2] running on node-3',
    ]) {
      expect(text).toContain(s);
    }
    const dd = [...dialog.querySelectorAll('dt')].find((dt) => dt.textContent === 'FilterKeys')!.nextElementSibling!;
    expect([...dd.querySelectorAll('code')].map((c) => c.textContent)).toEqual(['web-frontend', '""']);
    expect(text).toContain('First event for this key in the buffer.');

    view.unmount();
    view = undefined;
    expect(document.activeElement).toBe(opener);
  });

  it('closes on Escape and on the Close button', async () => {
    const onClose = vi.fn();
    view = await renderWithProviders(
      <EventDetailDrawer event={row(1, allocEvent(42, 'running', 42))} previous={undefined} onClose={onClose} />,
    );
    act(() => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    expect(onClose).not.toHaveBeenCalled();
    const esc = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    act(() => {
      document.dispatchEvent(esc);
    });
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(esc.defaultPrevented).toBe(true);
    act(() => button(view!.container, 'Close').click());
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('copies the exact event, payload and key JSON, and confirms', async () => {
    const writeText = vi.fn((_: string) => Promise.resolve());
    stubClipboard(writeText);
    const event = allocEvent(42, 'running', 42);
    view = await renderWithProviders(
      <EventDetailDrawer event={row(1, event)} previous={undefined} onClose={() => {}} />,
    );
    const c = view.container;

    await act(async () => button(c, 'Copy event').click());
    expect(writeText).toHaveBeenLastCalledWith(JSON.stringify(event, null, 2));
    expect(JSON.parse(writeText.mock.lastCall![0])).toEqual(event);
    await waitFor(() => expect(c.querySelector('[role="status"]')?.textContent).toBe('Copied event'));

    await act(async () => button(c, 'Copy payload').click());
    expect(writeText).toHaveBeenLastCalledWith(JSON.stringify(event.Payload, null, 2));
    await act(async () => button(c, 'Copy key').click());
    expect(writeText).toHaveBeenLastCalledWith(KEY);
    await waitFor(() => expect(c.querySelector('[role="status"]')?.textContent).toBe('Copied key'));
  });

  it('explains when the clipboard is unavailable or refuses', async () => {
    view = await renderWithProviders(
      <EventDetailDrawer event={row(1, allocEvent(42, 'running', 42))} previous={undefined} onClose={() => {}} />,
    );
    const c = view.container;
    await act(async () => button(c, 'Copy key').click());
    expect(c.querySelector('[role="status"]')?.textContent).toMatch(/Clipboard unavailable/);

    stubClipboard(() => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    await act(async () => button(c, 'Copy event').click());
    await waitFor(() => expect(c.querySelector('[role="status"]')?.textContent).toMatch(/refused clipboard access/));
  });

  it('lists what changed since the previous event for the key, with bookkeeping collapsed', async () => {
    const previous = row(1, allocEvent(40, 'pending', 40));
    const event = row(2, allocEvent(42, 'running', 42));
    view = await renderWithProviders(<EventDetailDrawer event={event} previous={previous} onClose={() => {}} />);
    const section = view.container.querySelector('section[aria-label="Changes since previous event for this key"]')!;
    const text = section.textContent ?? '';
    expect(text).toContain('2 changes since Index 40 (AllocationUpdated)');
    const items = [...section.querySelectorAll(':scope > div > ul > li')].map((li) => li.textContent);
    expect(items).toEqual([
      '~changed Allocation.ClientStatus "pending" → "running"',
      '~changed Allocation.TaskStates.web.State "pending" → "running"',
    ]);
    const details = section.querySelector('details')!;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toMatch(/^1 bookkeeping change/);
    expect(details.querySelector('li')?.textContent).toBe('~changed Allocation.ModifyIndex 40 → 42');
    expect(text).not.toContain('First event');
  });

  it('ignores a previous event for another key', async () => {
    const other = { ...allocEvent(40, 'pending', 40), Key: 'other' };
    view = await renderWithProviders(
      <EventDetailDrawer event={row(2, allocEvent(42, 'running', 42))} previous={row(1, other)} onClose={() => {}} />,
    );
    expect(view.container.textContent).toContain('First event for this key in the buffer.');
  });

  it('shows HTML in cluster data as text, never as markup', async () => {
    const event = allocEvent(42, 'running', 42, XSS);
    (event.Payload.Allocation as Record<string, unknown>)[XSS] = XSS;
    event.FilterKeys = [XSS];
    view = await renderWithProviders(
      <EventDetailDrawer event={row(1, event)} previous={undefined} onClose={() => {}} />,
    );
    const dialog = dialogOf(view.container);
    expect(dialog.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
    expect(dialog.querySelector('h2 + p')?.textContent).toBe(`${XSS} running on node-3`);
    expect(dialog.textContent).toContain(`"${XSS}"`);
    expect(dialog.textContent).toContain(`${XSS}:`);
  });
});

function fail(message: string): never {
  throw new Error(message);
}
