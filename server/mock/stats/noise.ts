/**
 * Deterministic noise for simulated resource usage: the same key and time always give the
 * same value, so a chart moves plausibly between polls, two polls within one collection
 * interval agree, and tests can pin values with a fixed clock.
 */

/** FNV-1a over the key and the integer, folded to [0, 1). */
export function hash01(key: string, n = 0): number {
  let h = 0x811c9dc5;
  const text = `${key}#${n}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // A final avalanche so nearby inputs do not give nearby outputs.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return (h >>> 0) / 0x1_0000_0000;
}

/** Smooth value noise in [0, 1): interpolates between hashed points one `period` apart. */
export function smoothNoise(key: string, t: number, period: number): number {
  const x = t / period;
  const i = Math.floor(x);
  const f = x - i;
  const s = f * f * (3 - 2 * f);
  return hash01(key, i) * (1 - s) + hash01(key, i + 1) * s;
}

export function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}
