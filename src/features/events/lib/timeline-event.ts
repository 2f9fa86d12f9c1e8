import type { NomadEvent } from '@/lib/nomad/types.ts';

/** One row of the timeline: a received event plus its arrival metadata. */
export interface TimelineEvent {
  /** Monotonically increasing arrival number, unique per row. */
  seq: number;
  /** `Date.now()` when the event reached the client. */
  receivedAt: number;
  event: NomadEvent;
}
