// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tokenStore } from '@/lib/nomad/token-store.ts';
import type { ACLToken } from '@/lib/nomad/types.ts';
import { installFakeNomad } from '@/testing/fake-nomad.ts';
import { changeValue, renderWithProviders, waitFor, type Rendered } from '@/testing/render.tsx';
import { SettingsPage } from './settings-page.tsx';

const SECRET = 'b7a4c1d2-1111-4222-8333-944455556666';

const token = (p: Partial<ACLToken>): ACLToken => ({
  ExpirationTTL: '',
  AccessorID: 'acc-1',
  SecretID: '',
  Name: 'ops reader',
  Type: 'client',
  Policies: ['readonly'],
  Roles: [{ ID: 'r1', Name: 'oncall' }],
  Global: false,
  Hash: null,
  CreateTime: '2025-01-01T00:00:00Z',
  ExpirationTime: null,
  CreateIndex: 1,
  ModifyIndex: 1,
  ...p,
});

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
  vi.unstubAllGlobals();
  tokenStore.clear();
});

const text = () => view!.container.textContent ?? '';
const button = (name: string) => [...view!.container.querySelectorAll('button')].find((b) => b.textContent === name);

describe('SettingsPage', () => {
  it('shows the current identity: name, type, accessor, policies, roles and "never" expiring', async () => {
    installFakeNomad().set('/v1/acl/token/self', token({}));
    view = await renderWithProviders(<SettingsPage />);
    await waitFor(() => expect(text()).toContain('ops reader'));
    expect(text()).toContain('acc-1');
    expect(text()).toContain('readonly');
    expect(text()).toContain('oncall');
    expect(text()).toMatch(/Expires\s*never/);
  });

  it('says plainly when ACLs are disabled', async () => {
    installFakeNomad().set('/v1/acl/token/self', token({ AccessorID: 'acls-disabled', Name: 'ACLs disabled token' }));
    view = await renderWithProviders(<SettingsPage />);
    await waitFor(() => expect(text()).toContain('ACLs are disabled on this cluster'));
  });

  it('saves the pasted secret to the session, clears the field, and signs out', async () => {
    installFakeNomad().set('/v1/acl/token/self', token({}));
    view = await renderWithProviders(<SettingsPage />);
    const input = view.container.querySelector<HTMLInputElement>('input[type="password"]')!;
    expect(input.labels?.[0]?.textContent).toBe('Secret ID');
    changeValue(input, SECRET);
    act(() => button('Save token')!.click());
    expect(tokenStore.get()).toBe(SECRET);
    expect(tokenStore.persistence()).toBe('session');
    expect(input.value).toBe('');
    expect(text()).not.toContain(SECRET);

    await waitFor(() => expect(button('Sign out')).toBeDefined());
    act(() => button('Sign out')!.click());
    expect(tokenStore.get()).toBeNull();
  });

  it('remembers the token on this device when asked', async () => {
    installFakeNomad().set('/v1/acl/token/self', token({}));
    view = await renderWithProviders(<SettingsPage />);
    const remember = view.container.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    expect(remember.labels?.[0]?.textContent).toBe('Remember on this device');
    act(() => remember.click());
    changeValue(view.container.querySelector<HTMLInputElement>('input[type="password"]')!, SECRET);
    act(() => button('Save token')!.click());
    expect(tokenStore.persistence()).toBe('remembered');
  });

  it('masks the secret while typing and reveals it only on demand, masked again after saving', async () => {
    installFakeNomad().set('/v1/acl/token/self', token({}));
    view = await renderWithProviders(<SettingsPage />);
    const input = view.container.querySelector<HTMLInputElement>('input[aria-describedby]')!;
    expect(input.type).toBe('password');
    changeValue(input, SECRET);
    const toggle = button('Show')!;
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    act(() => toggle.click());
    expect(input.type).toBe('text');
    expect(button('Hide')!.getAttribute('aria-pressed')).toBe('true');
    act(() => button('Save token')!.click());
    expect(input.type).toBe('password');
    expect(input.value).toBe('');
    expect(button('Show')).toBeDefined();
  });

  it('leaves nothing in either storage after signing out, remembered or not', async () => {
    installFakeNomad().set('/v1/acl/token/self', token({}));
    view = await renderWithProviders(<SettingsPage />);
    for (const remember of [false, true]) {
      const box = view.container.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
      if (box.checked !== remember) act(() => box.click());
      changeValue(view.container.querySelector<HTMLInputElement>('input[aria-describedby]')!, SECRET);
      act(() => button('Save token')!.click());
      const holder = remember ? localStorage : sessionStorage;
      expect(Object.values({ ...holder })).toContain(SECRET);
      await waitFor(() => expect(button('Sign out')).toBeDefined());
      act(() => button('Sign out')!.click());
      for (const storage of [localStorage, sessionStorage]) {
        expect(Object.values({ ...storage }).some((v) => v.includes(SECRET))).toBe(false);
      }
      expect(document.cookie).not.toContain(SECRET);
    }
  });

  it('reports a refused token as an alert', async () => {
    installFakeNomad().set('/v1/acl/token/self', 'Permission denied', { status: 403 });
    view = await renderWithProviders(<SettingsPage />);
    const alert = await waitFor(() => view!.container.querySelector('[role="alert"]') ?? fail());
    expect(alert.textContent).toContain(
      'Permission denied: the token is unknown, expired or malformed (GET /v1/acl/token/self)',
    );
  });
});

function fail(): never {
  throw new Error('not yet');
}
