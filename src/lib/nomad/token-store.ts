/**
 * The one place that holds the ACL secret.
 *
 * By default the secret lives in sessionStorage, so it is gone when the tab closes; only
 * when the user asks to be remembered does it go to localStorage. Everything that needs
 * the secret asks this store at request time (`apiFetch` is the only caller that sends
 * it); React only ever sees where it is kept, never the secret itself.
 */

export type TokenPersistence = 'none' | 'session' | 'remembered';

export interface TokenStore {
  /** The secret to send, or null when signed out (requests go out anonymous). */
  get(): string | null;
  /** Stores a secret; an empty or blank secret signs out. */
  set(secret: string, options?: { remember?: boolean }): void;
  /** Signs out: forgets the secret in both storages. */
  clear(): void;
  /** Where the secret is kept; a stable string, safe for `useSyncExternalStore`. */
  persistence(): TokenPersistence;
  /** Calls `listener` after every change, including changes made in another tab. */
  subscribe(listener: () => void): () => void;
}

export const TOKEN_STORAGE_KEY = 'nomad-live.token';

/** Storage access can throw (sandboxed iframes, disabled storage); treat that as absent. */
function read(storage: Storage | undefined): string | null {
  try {
    return storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

function write(storage: Storage | undefined, value: string | null): void {
  try {
    if (value === null) storage?.removeItem(TOKEN_STORAGE_KEY);
    else storage?.setItem(TOKEN_STORAGE_KEY, value);
  } catch {
    // A storage that refuses writes leaves us signed out, which is the safe outcome.
  }
}

export interface TokenStoreEnv {
  session: () => Storage | undefined;
  local: () => Storage | undefined;
  /** Where cross-tab `storage` events arrive; absent outside a browser. */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'> | undefined;
}

export function createTokenStore(env: TokenStoreEnv): TokenStore {
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  let detachStorageEvents: (() => void) | undefined;

  const store: TokenStore = {
    get() {
      return read(env.session()) ?? read(env.local());
    },
    set(secret, options = {}) {
      const trimmed = secret.trim();
      if (!trimmed) return store.clear();
      // Exactly one copy: switching between "this tab" and "remember" must not leave the
      // old copy behind where a later sign-out could miss it.
      if (options.remember) {
        write(env.session(), null);
        write(env.local(), trimmed);
      } else {
        write(env.local(), null);
        write(env.session(), trimmed);
      }
      notify();
    },
    clear() {
      write(env.session(), null);
      write(env.local(), null);
      notify();
    },
    persistence() {
      if (read(env.session()) !== null) return 'session';
      if (read(env.local()) !== null) return 'remembered';
      return 'none';
    },
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1 && env.events) {
        const onStorage = (e: StorageEvent) => {
          if (e.key === TOKEN_STORAGE_KEY || e.key === null) notify();
        };
        const target = env.events;
        target.addEventListener('storage', onStorage);
        detachStorageEvents = () => target.removeEventListener('storage', onStorage);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          detachStorageEvents?.();
          detachStorageEvents = undefined;
        }
      };
    },
  };
  return store;
}

function browserStorage(name: 'sessionStorage' | 'localStorage'): Storage | undefined {
  try {
    return (globalThis as Partial<Record<typeof name, Storage>>)[name];
  } catch {
    return undefined;
  }
}

/** The app's token store; storages are looked up lazily so importing this never throws. */
export const tokenStore: TokenStore = createTokenStore({
  session: () => browserStorage('sessionStorage'),
  local: () => browserStorage('localStorage'),
  events: typeof globalThis.addEventListener === 'function' ? globalThis : undefined,
});
