/**
 * The timeline's own settings, kept in localStorage (they are preferences, not secrets):
 * how many events the buffer keeps, and the heartbeat interval the watchdog expects.
 */

export interface TimelineSettings {
  /** Events kept in the ring buffer; older ones are dropped. */
  bufferSize: number;
  /** Nomad sends `{}` every 30 s; the watchdog calls a connection stalled after 1.5× this. */
  heartbeatSeconds: number;
}

export const TIMELINE_SETTINGS_KEY = 'nomad-live.timeline';
export const DEFAULT_TIMELINE_SETTINGS: TimelineSettings = { bufferSize: 10_000, heartbeatSeconds: 30 };
export const BUFFER_LIMITS = { min: 500, max: 200_000 } as const;
export const HEARTBEAT_LIMITS = { min: 1, max: 600 } as const;

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.round(n)));
}

/** Reads settings from a stored JSON string, repairing anything missing or out of range. */
export function parseTimelineSettings(raw: string | null): TimelineSettings {
  let stored: Record<string, unknown> = {};
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (typeof parsed === 'object' && parsed !== null) stored = parsed as Record<string, unknown>;
  } catch {
    // A corrupt value is as good as none.
  }
  const d = DEFAULT_TIMELINE_SETTINGS;
  return {
    bufferSize: clampInt(stored.bufferSize, BUFFER_LIMITS.min, BUFFER_LIMITS.max, d.bufferSize),
    heartbeatSeconds: clampInt(stored.heartbeatSeconds, HEARTBEAT_LIMITS.min, HEARTBEAT_LIMITS.max, d.heartbeatSeconds),
  };
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

function readRaw(): string | null {
  try {
    return storage()?.getItem(TIMELINE_SETTINGS_KEY) ?? null;
  } catch {
    return null;
  }
}

const listeners = new Set<() => void>();
let cachedRaw: string | null | undefined;
let cached: TimelineSettings = DEFAULT_TIMELINE_SETTINGS;

/** A stable snapshot for `useSyncExternalStore`: the same object until the stored value changes. */
export function getTimelineSettings(): TimelineSettings {
  const raw = readRaw();
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cached = parseTimelineSettings(raw);
  }
  return cached;
}

export function saveTimelineSettings(patch: Partial<TimelineSettings>): void {
  const next = parseTimelineSettings(JSON.stringify({ ...getTimelineSettings(), ...patch }));
  try {
    storage()?.setItem(TIMELINE_SETTINGS_KEY, JSON.stringify(next));
  } catch {
    // Storage full or disabled: the change lasts for this page only.
    cachedRaw = JSON.stringify(next);
    cached = next;
  }
  for (const l of listeners) l();
}

/** Calls `listener` after every change, including changes made in another tab. */
export function subscribeTimelineSettings(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === TIMELINE_SETTINGS_KEY || e.key === null) listener();
  };
  globalThis.addEventListener?.('storage', onStorage);
  return () => {
    listeners.delete(listener);
    globalThis.removeEventListener?.('storage', onStorage);
  };
}
