/**
 * go-memdb's UUIDFieldIndex parsing: allocation (and other) IDs are indexed as UUID bytes,
 * so lookups and prefixes are validated and hex-decoded, with these exact error texts
 * (Nomad prefixes them with e.g. `alloc lookup failed: `).
 */

function goRuneQuote(byte: number): string {
  // fmt's %#U: "U+0067 'g'" for printable runes, just "U+0007" otherwise.
  const code = `U+${byte.toString(16).toUpperCase().padStart(4, '0')}`;
  const ch = String.fromCodePoint(byte);
  return /\p{L}|\p{N}|\p{P}|\p{S}|\p{Zs}/u.test(ch) ? `${code} '${ch}'` : code;
}

/**
 * Validates `s` as a full UUID (`enforceLength`) or a prefix and returns its hex digits,
 * lower-cased, without hyphens. Throws an Error with memdb's message otherwise.
 */
export function parseUuidIndex(s: string, enforceLength: boolean): string {
  const bytes = Buffer.from(s, 'utf8');
  if (enforceLength && bytes.length !== 36) throw new Error('UUID must be 36 characters');
  if (bytes.length > 36) throw new Error(`Invalid UUID length. UUID have 36 characters; got ${bytes.length}`);
  const hyphens = s.split('-').length - 1;
  if (hyphens > 4) throw new Error(`UUID should have maximum of 4 "-"; got ${hyphens}`);
  const sanitized = Buffer.from(s.replaceAll('-', ''), 'utf8');
  if (sanitized.length % 2 !== 0) throw new Error('Input (without hyphens) must be even length');
  for (const b of sanitized) {
    const hex = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
    if (!hex) throw new Error(`Invalid UUID: encoding/hex: invalid byte: ${goRuneQuote(b)}`);
  }
  return sanitized.toString('utf8').toLowerCase();
}

/** Does the UUID `id` start with the (already validated) hex `prefix`? */
export function uuidHasPrefix(id: string, hexPrefix: string): boolean {
  return id.replaceAll('-', '').toLowerCase().startsWith(hexPrefix);
}
