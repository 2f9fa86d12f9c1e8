// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeNomad } from '@/testing/fake-nomad.ts';
import { renderWithProviders, waitFor, type Rendered } from '@/testing/render.tsx';
import { TokenIdentity } from './token-identity.tsx';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
  vi.unstubAllGlobals();
});

const text = () => view!.container.textContent ?? '';

describe('TokenIdentity when the check fails', () => {
  it('does not blame the token when Nomad is down or leaderless', async () => {
    const nomad = installFakeNomad();
    nomad.set('/v1/acl/token/self', 'Service Unavailable', { status: 503 });
    view = await renderWithProviders(<TokenIdentity />);
    await waitFor(() => expect(text()).toContain('Could not check the token: Nomad did not answer'));
    expect(text()).toContain('Service Unavailable (GET /v1/acl/token/self)');
    expect(text()).not.toContain('not accepted');
  });

  it('says the token was not accepted when Nomad refuses it', async () => {
    const nomad = installFakeNomad();
    nomad.set('/v1/acl/token/self', 'ACL token not found', { status: 403 });
    view = await renderWithProviders(<TokenIdentity />);
    await waitFor(() => expect(text()).toContain('This token was not accepted'));
    expect(text()).toContain('ACL token not found');
  });
});
