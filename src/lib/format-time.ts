/**
 * Time formatting for cluster timestamps. Relative times use one unit and never show
 * more than two digits of it, so rows stay narrow and scan well.
 */

/** Nomad's integer timestamps (`SubmitTime`, `CreateTime`…) are UnixNano. */
export function nanosToMs(nanos: number): number {
  return Math.floor(nanos / 1_000_000);
}

const UNITS: readonly [limitSeconds: number, divisor: number, suffix: string][] = [
  [60, 1, 's'],
  [60 * 60, 60, 'm'],
  [24 * 60 * 60, 60 * 60, 'h'],
  [45 * 24 * 60 * 60, 24 * 60 * 60, 'd'],
];

/** `12s ago`, `5m ago`, `3h ago`, `2d ago`, `in 4h`; a date beyond ~6 weeks. */
export function formatRelative(thenMs: number, nowMs: number): string {
  const deltaSeconds = Math.round((nowMs - thenMs) / 1000);
  const abs = Math.abs(deltaSeconds);
  if (abs < 5) return 'just now';
  for (const [limit, divisor, suffix] of UNITS) {
    if (abs < limit) {
      const n = Math.floor(abs / divisor);
      return deltaSeconds >= 0 ? `${n}${suffix} ago` : `in ${n}${suffix}`;
    }
  }
  return formatDate(thenMs);
}

/** Local date, `2024-05-01`. */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local date and time to the second, `2024-05-01 14:03:09`, for titles and detail views. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatDate(ms)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local time of day, `14:03:09`. */
export function formatTime(ms: number): string {
  return formatDateTime(ms).slice(11);
}
