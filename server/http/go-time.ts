/**
 * Go time encodings that appear on Nomad's wire: RFC3339Nano strings (trailing zeros of
 * the fraction dropped, as Go's layout `.999999999` does) and UnixNano integers.
 */

/** `time.Time` as go-msgpack writes it: RFC3339Nano in UTC. Millisecond precision here. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.120Z
  const [head, frac = '000Z'] = iso.split('.');
  const digits = frac.slice(0, -1).replace(/0+$/, '');
  return digits === '' ? `${head}Z` : `${head}.${digits}Z`;
}

/** `time.Time` as Go's encoding/json writes it; the zero time becomes `0001-01-01T00:00:00Z`. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * UnixNano from milliseconds. The float64 is not exact, but its shortest decimal form is
 * the exact `<ms>000000`, so the wire shows the intended integer.
 */
export function unixNano(ms: number): number {
  return Math.round(ms) * 1_000_000;
}
