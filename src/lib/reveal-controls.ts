/**
 * Bidi overrides, isolates and marks, zero-width and other invisible format characters:
 * in a name they can make `invoice\u202Efdp.exe` read as "invoiceexe.pdf". Where a name
 * decides what a person clicks or downloads (file names), show them as `⟨U+202E⟩` instead.
 */
const INVISIBLE = /[\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

export function revealControls(text: string): string {
  return text.replace(INVISIBLE, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

export function hasHiddenControls(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(text);
  INVISIBLE.lastIndex = 0;
  return found;
}
