// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NomadEvent } from '@/lib/nomad/types.ts';
import { changeValue, renderWithProviders, waitFor, type Rendered } from '@/testing/render.tsx';
import { DEFAULT_EVENT_LINKS } from '../lib/event-links.ts';
import { EventsPage } from './events-page.tsx';

const encoder = new TextEncoder();

interface Conn {
  url: URL;
  write(text: string): void;
  end(): void;
}

/** A stubbed fetch for /v1/event/stream whose bodies the test writes line by line. */
function fakeStream(): Conn[] {
  const conns: Conn[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit) => {
      let ctl!: ReadableStreamDefaultController<Uint8Array>;
      let open = true;
      const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctl = c) });
      conns.push({
        url: new URL(input, 'http://localhost'),
        write: (text) => open && ctl.enqueue(encoder.encode(text)),
        end: () => {
          if (open) ctl.close();
          open = false;
        },
      });
      init.signal?.addEventListener('abort', () => {
        if (open) ctl.error(new DOMException('aborted', 'AbortError'));
        open = false;
      });
      return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return conns;
}

function alloc(index: number, name: string, status = 'running'): NomadEvent {
  const id = `${String(index).padStart(8, '0')}-aaaa-bbbb-cccc-000000000000`;
  return {
    FilterKeys: ['web', ''],
    Index: index,
    Key: id,
    Namespace: 'default',
    Payload: { Allocation: { ID: id, Name: name, ClientStatus: status, NodeName: 'node-1', Job: null } },
    Topic: 'Allocation',
    Type: 'AllocationUpdated',
  };
}
const line = (index: number, ...events: NomadEvent[]) => `${JSON.stringify({ Events: events, Index: index })}\n`;

const rows = (r: Rendered) => [...r.container.querySelectorAll<HTMLElement>('[data-testid="timeline-row"]')];
const button = (r: Rendered, name: RegExp) => {
  const b = [...r.container.querySelectorAll('button')].find((x) => name.test(x.textContent ?? ''));
  if (!b) throw new Error(`no button ${name}`);
  return b;
};
const click = (el: HTMLElement) => act(() => el.click());
const press = (key: string, target: Element = document.body) =>
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });

let conns: Conn[];
let r: Rendered | undefined;
beforeEach(() => {
  conns = fakeStream();
  // jsdom has no layout: give the virtualized list's scroller a screenful of height.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(640);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1024);
});
afterEach(() => {
  r?.unmount();
  r = undefined;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const render = (route = '/events') =>
  renderWithProviders(<EventsPage namespace="default" region={undefined} links={DEFAULT_EVENT_LINKS} />, { route });

describe('EventsPage', () => {
  it('shows live events newest first with a readable summary and a link for the key', async () => {
    r = await render();
    await waitFor(() => expect(conns).toHaveLength(1));
    conns[0]!.write('{}\n' + line(10, alloc(10, 'web.web[0]')) + line(11, alloc(11, 'web.web[1]', 'failed')));
    await waitFor(() => expect(rows(r!)).toHaveLength(2));
    expect(rows(r).map((x) => x.dataset.index)).toEqual(['11', '10']);
    expect(rows(r)[0]!.textContent).toContain('web.web[1] failed on node-1');
    const link = rows(r)[1]!.querySelector('a')!;
    expect(link.getAttribute('href')).toBe(`/allocations/${alloc(10, '').Key}`);
    expect(r.container.querySelector('[aria-label="Connection"]')!.textContent).toContain('Live');
  });

  it('pauses with a count of new events, and resume shows every one of them', async () => {
    r = await render();
    await waitFor(() => expect(conns).toHaveLength(1));
    conns[0]!.write(line(10, alloc(10, 'a[0]')));
    await waitFor(() => expect(rows(r!)).toHaveLength(1));
    click(button(r, /^Pause$/));
    conns[0]!.write(line(11, alloc(11, 'a[1]')) + line(12, alloc(12, 'a[2]'), alloc(12, 'a[3]')));
    await waitFor(() => expect(r!.container.textContent).toContain('3 new'));
    expect(rows(r)).toHaveLength(1);
    click(button(r, /^Resume$/));
    await waitFor(() => expect(rows(r!)).toHaveLength(4));
    expect(rows(r).map((x) => x.dataset.index)).toEqual(['12', '12', '11', '10']);
  });

  it('puts an added topic in the URL and resubscribes with it', async () => {
    r = await render();
    await waitFor(() => expect(conns).toHaveLength(1));
    expect(conns[0]!.url.searchParams.getAll('topic')).toEqual([]);
    const input = r.container.querySelector<HTMLInputElement>('input[placeholder^="Allocation:web"]')!;
    changeValue(input, 'Allocation:web');
    click(button(r, /^Add$/));
    await waitFor(() => expect(r!.router.state.location.search).toBe('?topic=Allocation%3Aweb'));
    await waitFor(() => expect(conns).toHaveLength(2));
    expect(conns[1]!.url.searchParams.getAll('topic')).toEqual(['Allocation:web']);
    expect(r.container.textContent).toContain('"read-job" in namespace "default"');
  });

  it('maps the start point to the URL and to the index it asks for, validating a given index', async () => {
    r = await render();
    await waitFor(() => expect(conns).toHaveLength(1));
    expect(conns[0]!.url.searchParams.has('index')).toBe(false);
    const start = r.container.querySelector<HTMLSelectElement>('select')!;
    changeValue(start, 'now');
    await waitFor(() => expect(conns).toHaveLength(2));
    expect(r.router.state.location.search).toBe('?from=now');
    expect(conns[1]!.url.searchParams.get('index')).toBe(String(Number.MAX_SAFE_INTEGER));
    changeValue(start, 'index');
    const index = r.container.querySelector<HTMLInputElement>('input[placeholder="index"]')!;
    changeValue(index, '-3');
    click(button(r, /^Subscribe$/));
    expect(r.container.textContent).toContain('The index must be a whole number above 0');
    changeValue(index, '120');
    click(button(r, /^Subscribe$/));
    await waitFor(() => expect(conns).toHaveLength(3));
    expect(r.router.state.location.search).toBe('?from=120');
    expect(conns[2]!.url.searchParams.get('index')).toBe('120');
  });

  it('says so when a start index is older than what the server still buffers', async () => {
    r = await render('/events?from=12');
    await waitFor(() => expect(conns).toHaveLength(1));
    expect(conns[0]!.url.searchParams.get('index')).toBe('12');
    conns[0]!.write('{}\n' + line(40, alloc(40, 'a[0]')));
    await waitFor(() =>
      expect(r!.container.textContent).toContain(
        'Asked to start at index 12; the first events the server sent are at index 40.',
      ),
    );
  });

  it('refuses a topic Nomad would refuse, with Nomad’s text, keeping what was typed', async () => {
    r = await render();
    const input = r.container.querySelector<HTMLInputElement>('input[placeholder^="Allocation:web"]')!;
    changeValue(input, 'Job:a:b');
    click(button(r, /^Add$/));
    expect(r.container.querySelector('[role="alert"]')!.textContent).toContain(
      'Invalid topic query: error parsing topics: Invalid key value pair for topic, topic: Job:a:b',
    );
    expect(input.value).toBe('Job:a:b');
    expect(r.router.state.location.search).toBe('');
  });

  it('does not subscribe with a topic from the URL that Nomad would refuse', async () => {
    r = await render('/events?topic=Job:a:b');
    await waitFor(() => expect(r!.container.textContent).toContain('Not subscribed: Nomad would refuse this request.'));
    expect(r.container.querySelector('[aria-label="Connection"]')!.textContent).toBe('Not subscribed');
    expect(conns).toHaveLength(0);
  });

  it('reports a stream closed before any byte as a probable permission problem naming the ACL', async () => {
    r = await render();
    await waitFor(() => expect(conns).toHaveLength(1));
    conns[0]!.end();
    // A single empty answer may be a dropped connection: the stream asks once more at once.
    await waitFor(() => expect(conns).toHaveLength(2));
    conns[1]!.end();
    await waitFor(() => expect(r!.container.textContent).toContain('The server refused this subscription.'));
    expect(r.container.textContent).toContain('Probably permission denied');
    expect(r.container.textContent).toMatch(/needs a management token/);
  });

  it('moves with j/k, opens with Enter, closes with Esc and filters by search instantly', async () => {
    r = await render();
    await waitFor(() => expect(conns).toHaveLength(1));
    conns[0]!.write(line(10, alloc(10, 'api[0]')) + line(11, alloc(11, 'web[0]')));
    await waitFor(() => expect(rows(r!)).toHaveLength(2));
    press('j');
    expect(rows(r)[0]!.getAttribute('aria-selected')).toBe('true');
    press('j');
    expect(rows(r)[1]!.getAttribute('aria-selected')).toBe('true');
    press('Enter');
    const dialog = document.querySelector('[role="dialog"]')!;
    expect(dialog.textContent).toContain('api[0]');
    press('Escape');
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    const search = r.container.querySelector<HTMLInputElement>('input[type="search"]')!;
    changeValue(search, 'web[');
    await waitFor(() => expect(rows(r!)).toHaveLength(1));
    expect(r.router.state.location.search).toBe('?q=web%5B');
    expect(conns).toHaveLength(1);
  });

  it('keeps j/k working after a button was clicked, but leaves Enter and Space to the button', async () => {
    r = await render();
    await waitFor(() => expect(conns).toHaveLength(1));
    conns[0]!.write(line(10, alloc(10, 'api[0]')) + line(11, alloc(11, 'web[0]')));
    await waitFor(() => expect(rows(r!)).toHaveLength(2));
    const pause = button(r, /^Pause$/);
    pause.focus();
    press('j', pause);
    press('j', pause);
    expect(rows(r)[1]!.getAttribute('aria-selected')).toBe('true');
    press('Enter', pause);
    press(' ', pause);
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    expect(r.container.textContent).not.toContain('0 new');
    // Typing in the search box is typing, not navigation.
    const search = r.container.querySelector<HTMLInputElement>('input[type="search"]')!;
    press('k', search);
    expect(rows(r)[1]!.getAttribute('aria-selected')).toBe('true');
  });
});
