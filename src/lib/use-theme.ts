import { useSyncExternalStore } from 'react';
import { currentTheme, setTheme, subscribeTheme, type Theme } from './theme.ts';

export function useTheme(): { theme: Theme; toggle: () => void } {
  const theme = useSyncExternalStore(subscribeTheme, currentTheme);
  return { theme, toggle: () => setTheme(theme === 'dark' ? 'light' : 'dark') };
}
