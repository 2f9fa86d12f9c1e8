/**
 * Light/dark theme. Follows the system (`prefers-color-scheme`) until the user picks one;
 * the pick is persisted. The theme is a `dark` class on <html>, which Tailwind's `dark:`
 * variant keys on (see index.css).
 */

export type Theme = 'light' | 'dark';
export const THEME_STORAGE_KEY = 'nomad-live.theme';

type Listener = () => void;
const listeners = new Set<Listener>();

function storedChoice(): Theme | null {
  try {
    const v = localStorage.getItem(THEME_STORAGE_KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

function systemTheme(): Theme {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** The theme in effect: the user's pick, else the system's. */
export function currentTheme(): Theme {
  return storedChoice() ?? systemTheme();
}

function apply(): void {
  const theme = currentTheme();
  const root = document.documentElement;
  root.classList.toggle('dark', theme === 'dark');
  root.style.colorScheme = theme;
  for (const l of listeners) l();
}

/** Persists an explicit choice and applies it. */
export function setTheme(theme: Theme): void {
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Not persisted, but still applied for this page.
  }
  apply();
}

export function subscribeTheme(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Applies the theme now and keeps following the system while the user has not chosen.
 * Call once, before the first render.
 */
export function startTheme(): void {
  apply();
  globalThis.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', apply);
  // Another tab changed the choice.
  globalThis.addEventListener?.('storage', (e: StorageEvent) => {
    if (e.key === THEME_STORAGE_KEY || e.key === null) apply();
  });
}
