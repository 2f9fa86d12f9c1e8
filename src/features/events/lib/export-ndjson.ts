/**
 * Export of timeline events as ndjson (one event per line, the shape Nomad sends inside a
 * batch), for download and for the copy buttons.
 *
 * Nomad already empties `SecretID` in ACLToken payloads; the serializer empties any
 * non-empty `SecretID` it still meets (a proxy, an old or a buggy server), so an export
 * or a copied event can never carry a token. Nothing else is added: the client's own token
 * is never part of an event.
 */
import type { NomadEvent } from '@/lib/nomad/types.ts';

function redactSecrets(key: string, value: unknown): unknown {
  return key === 'SecretID' && typeof value === 'string' && value !== '' ? '' : value;
}

/** One event as JSON; `space` for the pretty form used by "Copy event". */
export function eventJson(event: unknown, space?: number): string {
  return JSON.stringify(event, redactSecrets, space);
}

/** Events as ndjson: one JSON object per line, each line ending in `\n`; `""` for none. */
export function toNdjson(events: readonly NomadEvent[]): string {
  let out = '';
  // JSON.stringify escapes newlines inside strings, so each event stays on its own line.
  for (const e of events) out += `${eventJson(e)}\n`;
  return out;
}

const FALLBACK_NAME = 'nomad-events.ndjson';

/**
 * A safe download name: no directories, control or reserved characters, no leading dots,
 * at most 120 characters, always ending in `.ndjson`.
 */
export function sanitizeFilename(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f<>:"|?*]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s-]+/, '');
  const stem = cleaned.replace(/\.ndjson$/i, '').slice(0, 120 - '.ndjson'.length);
  return stem ? `${stem}.ndjson` : FALLBACK_NAME;
}

/** `nomad-events-20240501-140309.ndjson`, local time. */
export function defaultExportFilename(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}`;
  const time = `${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `nomad-events-${date}-${time}.ndjson`;
}

/** Starts a browser download of the events as an `.ndjson` file. */
export function downloadNdjson(events: readonly NomadEvent[], filename: string): void {
  const blob = new Blob([toNdjson(events)], { type: 'application/x-ndjson' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = sanitizeFilename(filename);
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoking in the same task can cancel the download in some browsers; the next task is enough.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
