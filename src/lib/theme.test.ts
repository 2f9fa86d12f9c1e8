// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentTheme, setTheme, startTheme, THEME_STORAGE_KEY } from './theme.ts';

let systemDark = false;
const mqlListeners: (() => void)[] = [];

beforeEach(() => {
  systemDark = false;
  mqlListeners.length = 0;
  vi.stubGlobal('matchMedia', (query: string) => ({
    get matches() {
      return query.includes('dark') && systemDark;
    },
    addEventListener: (_: string, l: () => void) => mqlListeners.push(l),
  }));
});
afterEach(() => {
  localStorage.clear();
  vi.unstubAllGlobals();
  document.documentElement.className = '';
});

describe('theme', () => {
  it('follows the system until the user chooses, then keeps the choice', () => {
    startTheme();
    expect(document.documentElement.classList.contains('dark')).toBe(false);

    systemDark = true;
    for (const l of mqlListeners) l();
    expect(document.documentElement.classList.contains('dark')).toBe(true);

    setTheme('light');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
    expect(document.documentElement.classList.contains('dark')).toBe(false);
    for (const l of mqlListeners) l();
    expect(currentTheme()).toBe('light');
  });
});
