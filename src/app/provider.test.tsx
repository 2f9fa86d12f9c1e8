// @vitest-environment jsdom
import { useQuery } from '@tanstack/react-query';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiFetch } from '@/lib/nomad/http.ts';
import { tokenStore } from '@/lib/nomad/token-store.ts';
import { installFakeNomad } from '@/testing/fake-nomad.ts';
import { waitFor } from '@/testing/render.tsx';
import { AppProviders } from './provider.tsx';

function WhoAmI() {
  const q = useQuery({
    queryKey: ['whoami'],
    queryFn: async ({ signal }) => (await apiFetch<{ Name: string }>('/v1/acl/token/self', { signal })).data,
    staleTime: Infinity,
  });
  return <p>{q.data?.Name ?? '…'}</p>;
}

afterEach(() => {
  vi.unstubAllGlobals();
  tokenStore.clear();
});

describe('AppProviders', () => {
  it('refetches every query under the new identity when the token changes', async () => {
    globalThis.IS_REACT_ACT_ENVIRONMENT = true;
    const nomad = installFakeNomad();
    nomad.set('/v1/acl/token/self', { Name: 'Anonymous Token' });
    const container = document.createElement('div');
    const root = createRoot(container);
    await act(async () =>
      root.render(
        <AppProviders>
          <WhoAmI />
        </AppProviders>,
      ),
    );
    await waitFor(() => expect(container.textContent).toBe('Anonymous Token'));

    nomad.set('/v1/acl/token/self', { Name: 'ops' });
    act(() => tokenStore.set('secret-2'));
    await waitFor(() => expect(container.textContent).toBe('ops'));
    expect(nomad.requests.at(-1)!.headers['X-Nomad-Token']).toBe('secret-2');
    act(() => root.unmount());
  });
});
