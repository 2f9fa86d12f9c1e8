// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventSink } from '@/lib/nomad/types.ts';
import { installFakeNomad } from '@/testing/fake-nomad.ts';
import { renderWithProviders, waitFor, type Rendered } from '@/testing/render.tsx';
import { SinkList } from './sink-list.tsx';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
  vi.unstubAllGlobals();
});

const sink: EventSink = {
  ID: 'ops',
  Type: 'webhook',
  Address: 'http://127.0.0.1:9/hook',
  Topics: { Job: ['*'] },
  LatestIndex: 0,
  CreateIndex: 1,
  ModifyIndex: 1,
} as EventSink;

describe('SinkList', () => {
  it("says why a row's delivery state is unavailable", async () => {
    const nomad = installFakeNomad();
    nomad.set('/v1/event/sink/ops/deliveries', 'cannot check the token with Nomad: HTTP 503', { status: 502 });
    view = await renderWithProviders(<SinkList sinks={[sink]} selected={null} hrefFor={(id) => `/sinks?sink=${id}`} />);
    const status = await waitFor(() => {
      const el = view!.container.querySelector('[role=status]');
      expect(el?.textContent).toMatch(/^state unavailable: cannot check the token with Nomad: HTTP 503/);
      return el!;
    });
    expect(status.getAttribute('title')).toContain('GET /v1/event/sink/ops/deliveries');
  });
});
