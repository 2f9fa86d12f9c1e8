import { useSyncExternalStore } from 'react';
import { tokenStore, type TokenPersistence } from '@/lib/nomad/token-store.ts';

/** Where the token is kept ('none' when signed out). Never the secret itself. */
export function useTokenPersistence(): TokenPersistence {
  return useSyncExternalStore(tokenStore.subscribe, tokenStore.persistence);
}
