import { describe, expect, it } from 'vitest';
import { hasHiddenControls, revealControls } from './reveal-controls.ts';

describe('revealControls', () => {
  it('shows a right-to-left override so a spoofed extension reads as it is', () => {
    expect(revealControls('invoice\u202Efdp.exe')).toBe('invoice⟨U+202E⟩fdp.exe');
    expect(hasHiddenControls('invoice\u202Efdp.exe')).toBe(true);
  });

  it('shows zero-width characters and isolates, and leaves ordinary text (RTL scripts included) alone', () => {
    expect(revealControls('a\u200Bb\u2066c\u2069\uFEFF')).toBe('a⟨U+200B⟩b⟨U+2066⟩c⟨U+2069⟩⟨U+FEFF⟩');
    expect(revealControls('web.stdout.0 שלום 日本')).toBe('web.stdout.0 שלום 日本');
    expect(hasHiddenControls('web.stdout.0')).toBe(false);
    expect(hasHiddenControls('web.stdout.0')).toBe(false);
  });
});
