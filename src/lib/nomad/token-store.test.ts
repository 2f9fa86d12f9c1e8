// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenStore, TOKEN_STORAGE_KEY, tokenStore } from './token-store.ts';

afterEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

describe('tokenStore', () => {
  it('keeps the secret in sessionStorage unless asked to remember it', () => {
    tokenStore.set('  s3cret  ');
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe('s3cret');
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(tokenStore.get()).toBe('s3cret');
    expect(tokenStore.persistence()).toBe('session');
  });

  it('uses localStorage only when remembering, and keeps a single copy when switching', () => {
    tokenStore.set('first');
    tokenStore.set('second', { remember: true });
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBe('second');
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(tokenStore.persistence()).toBe('remembered');

    tokenStore.set('third', { remember: false });
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(tokenStore.get()).toBe('third');
  });

  it('signs out of both storages', () => {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, 'a');
    localStorage.setItem(TOKEN_STORAGE_KEY, 'b');
    tokenStore.clear();
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(localStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    expect(tokenStore.get()).toBeNull();
    expect(tokenStore.persistence()).toBe('none');
  });

  it('treats a blank secret as signing out', () => {
    tokenStore.set('x', { remember: true });
    tokenStore.set('   ');
    expect(tokenStore.get()).toBeNull();
  });

  it('notifies subscribers on every change until they unsubscribe', () => {
    const listener = vi.fn();
    const off = tokenStore.subscribe(listener);
    tokenStore.set('a');
    tokenStore.clear();
    expect(listener).toHaveBeenCalledTimes(2);
    off();
    tokenStore.set('b');
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('hears changes another tab makes to the remembered token', () => {
    const listener = vi.fn();
    const off = tokenStore.subscribe(listener);
    window.dispatchEvent(new StorageEvent('storage', { key: 'unrelated' }));
    expect(listener).not.toHaveBeenCalled();
    window.dispatchEvent(new StorageEvent('storage', { key: TOKEN_STORAGE_KEY }));
    expect(listener).toHaveBeenCalledTimes(1);
    off();
  });

  it('survives storages that throw (sandboxed frames) by acting signed out', () => {
    const broken = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      removeItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    } as unknown as Storage;
    const store = createTokenStore({ session: () => broken, local: () => undefined });
    expect(() => store.set('x')).not.toThrow();
    expect(store.get()).toBeNull();
  });
});
