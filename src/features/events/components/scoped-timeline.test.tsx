// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NomadEvent } from '@/lib/nomad/types.ts';
import { renderWithProviders, waitFor, type Rendered } from '@/testing/render.tsx';
import { scopedTopics } from '../lib/event-links.ts';
import { ScopedTimeline } from './scoped-timeline.tsx';

const encoder = new TextEncoder();
let urls: URL[];
let write: (text: string) => void;

beforeEach(() => {
  urls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string, init: RequestInit) => {
      urls.push(new URL(input, 'http://localhost'));
      const body = new ReadableStream<Uint8Array>({
        start: (c) => {
          write = (text) => c.enqueue(encoder.encode(text));
          init.signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(body, { status: 200 });
    }),
  );
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(400);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
});

let r: Rendered | undefined;
afterEach(() => {
  r?.unmount();
  r = undefined;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const job = (index: number, status: string): NomadEvent => ({
  FilterKeys: null,
  Index: index,
  Key: 'web',
  Namespace: 'prod',
  Payload: { Job: { ID: 'web', Name: 'web', Status: status, Type: 'service', Version: index } },
  Topic: 'Job',
  Type: 'JobRegistered',
});

describe('ScopedTimeline', () => {
  it('subscribes to one job’s topics in its namespace, from the buffer, and links to the Events page', async () => {
    r = await renderWithProviders(
      <ScopedTimeline topics={scopedTopics.job('web')} namespace="prod" title="Job events" />,
    );
    await waitFor(() => expect(urls).toHaveLength(1));
    const url = urls[0]!;
    expect(url.pathname).toBe('/v1/event/stream');
    expect(url.searchParams.getAll('topic')).toEqual(['Job:web', 'Evaluation:web', 'Allocation:web', 'Deployment:web']);
    expect(url.searchParams.get('namespace')).toBe('prod');
    expect(url.searchParams.has('index')).toBe(false);

    write('{}\n' + JSON.stringify({ Events: [job(5, 'pending')], Index: 5 }) + '\n');
    write(JSON.stringify({ Events: [job(9, 'running')], Index: 9 }) + '\n');
    await waitFor(() => expect(r!.container.querySelectorAll('[data-testid="timeline-row"]')).toHaveLength(2));
    const rows = [...r.container.querySelectorAll<HTMLElement>('[data-testid="timeline-row"]')];
    expect(rows.map((x) => x.dataset.index)).toEqual(['9', '5']);
    expect(r.container.textContent).toContain('2 events');
    expect(r.container.querySelector('[aria-label="Connection"]')!.textContent).toContain('Live');
    const open = [...r.container.querySelectorAll('a')].find((a) => a.textContent === 'Open in Events')!;
    expect(open.getAttribute('href')).toBe(
      '/events?topic=Job%3Aweb&topic=Evaluation%3Aweb&topic=Allocation%3Aweb&topic=Deployment%3Aweb&namespace=prod',
    );
  });

  it('explains instead of subscribing when an ID cannot be a topic key', async () => {
    r = await renderWithProviders(<ScopedTimeline topics={['Job:a:b']} namespace="default" />);
    await waitFor(() =>
      expect(r!.container.querySelector('[role="alert"]')!.textContent).toContain('Invalid key value pair'),
    );
    expect(urls).toHaveLength(0);
  });
});
