/**
 * Client-side facets over the buffer: event types and a text search over key and summary.
 * They filter what is already received, instantly, without resubscribing.
 */
import { summarizeEvent, type EventSummary } from './summarize.ts';
import type { TimelineEvent } from './timeline-event.ts';

export interface TimelineFacets {
  /** Event types to show; empty shows every type. */
  types: readonly string[];
  /** Case-insensitive text that the key or the summary must contain; blank shows all. */
  q: string;
}

export const NO_FACETS: TimelineFacets = { types: [], q: '' };

export function hasFacets(f: TimelineFacets): boolean {
  return f.types.length > 0 || f.q.trim() !== '';
}

// Rows never change, so their summary is computed once, when first rendered or searched.
const summaries = new WeakMap<TimelineEvent, EventSummary>();
const haystacks = new WeakMap<TimelineEvent, string>();

export function rowSummary(row: TimelineEvent): EventSummary {
  let s = summaries.get(row);
  if (!s) {
    s = summarizeEvent(row.event);
    summaries.set(row, s);
  }
  return s;
}

function haystack(row: TimelineEvent): string {
  let h = haystacks.get(row);
  if (h === undefined) {
    h = `${row.event.Key}\n${rowSummary(row).text}`.toLowerCase();
    haystacks.set(row, h);
  }
  return h;
}

/** A predicate for the facets, prepared once per change of facets. */
export function facetMatcher(f: TimelineFacets): (row: TimelineEvent) => boolean {
  const types = f.types.length ? new Set(f.types) : undefined;
  const q = f.q.trim().toLowerCase();
  if (!types && !q) return () => true;
  return (row) => (!types || types.has(row.event.Type)) && (!q || haystack(row).includes(q));
}
