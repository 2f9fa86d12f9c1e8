// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeNomad } from '@/testing/fake-nomad.ts';
import { renderWithProviders, waitFor, type Rendered } from '@/testing/render.tsx';
import { AgentIndicator } from './agent-indicator.tsx';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
  vi.unstubAllGlobals();
});

describe('AgentIndicator', () => {
  it('shows the leader when there is one', async () => {
    const nomad = installFakeNomad();
    nomad.set('/v1/agent/self', 'unused', { status: 500 });
    nomad.set('/v1/status/leader', '10.0.0.1:4647');
    view = await renderWithProviders(<AgentIndicator region={undefined} />);
    await waitFor(() => expect(view!.container.textContent).toContain('leader 10.0.0.1:4647'));
  });

  it('says the agent is unreachable, not leaderless, when the server in front answers 502', async () => {
    const nomad = installFakeNomad();
    nomad.set('/v1/agent/self', 'cannot reach Nomad at http://127.0.0.1:4646: ECONNREFUSED', { status: 502 });
    nomad.set('/v1/status/leader', 'cannot reach Nomad at http://127.0.0.1:4646: ECONNREFUSED', { status: 502 });
    view = await renderWithProviders(<AgentIndicator region={undefined} />);
    await waitFor(() => expect(view!.container.textContent).toContain('Nomad unreachable'));
    expect(view.container.textContent).not.toContain('no leader');
    expect(view.container.querySelector('[title*="cannot reach Nomad"]')).not.toBeNull();
  });

  it('says there is no leader when Nomad answers 500 No cluster leader', async () => {
    const nomad = installFakeNomad();
    nomad.set('/v1/agent/self', 'No cluster leader', { status: 500 });
    nomad.set('/v1/status/leader', 'No cluster leader', { status: 500 });
    view = await renderWithProviders(<AgentIndicator region={undefined} />);
    await waitFor(() => expect(view!.container.textContent).toContain('no leader'));
  });
});
