/**
 * Allocation ID prefix search that never makes Nomad answer 500.
 *
 * Nomad indexes allocation IDs as UUID bytes: it removes the hyphens from `prefix` and
 * hex-decodes the rest, so an odd number of hex digits, a non-hex character, more than 36
 * characters or more than 4 hyphens is a 500 (`alloc lookup failed: …`, nomad-api.md §3.2).
 * The CLI trims one character from an odd prefix (`sanitizeUUIDPrefix`); we do the same to
 * narrow the server's answer, and then match the full text the user typed on the client,
 * so typing `3a1` shows exactly the IDs starting with `3a1`, not every `3a…`.
 */

export interface PrefixSearch {
  /** What to send as `?prefix=`: an even number of hex digits, or '' for none. */
  serverPrefix: string;
  /** Lower-cased hex digits the IDs must start with (hyphens removed); '' matches all. */
  match: string;
  /** Why the text cannot be part of an allocation ID; then nothing matches and nothing is sent. */
  problem?: string;
}

const HEX = /^[0-9a-f]*$/;

export function sanitizeAllocPrefix(input: string): PrefixSearch {
  const text = input.trim().toLowerCase();
  if (text === '') return { serverPrefix: '', match: '' };
  if (text.length > 36) {
    return { serverPrefix: '', match: '', problem: `An allocation ID has 36 characters; this has ${text.length}.` };
  }
  const hyphens = text.split('-').length - 1;
  if (hyphens > 4) {
    return { serverPrefix: '', match: '', problem: `An allocation ID has at most 4 hyphens; this has ${hyphens}.` };
  }
  const digits = text.replaceAll('-', '');
  if (!HEX.test(digits)) {
    const bad = [...digits].find((c) => !/[0-9a-f]/.test(c));
    return {
      serverPrefix: '',
      match: '',
      problem: `Allocation IDs are hexadecimal (0-9, a-f); "${bad ?? ''}" cannot appear in one.`,
    };
  }
  if (digits.length % 2 === 0) return { serverPrefix: text, match: digits };
  // Odd: drop the last hex digit (and hyphens after it), as the CLI does.
  const lastDigit = Math.max(...[...'0123456789abcdef'].map((c) => text.lastIndexOf(c)));
  const trimmed = text.slice(0, lastDigit).replace(/-+$/, '');
  return { serverPrefix: trimmed, match: digits };
}

/** Does `id` start with the hex digits of a search (hyphens ignored, as Nomad ignores them)? */
export function idMatches(id: string, match: string): boolean {
  if (match === '') return true;
  return id.replaceAll('-', '').toLowerCase().startsWith(match);
}
