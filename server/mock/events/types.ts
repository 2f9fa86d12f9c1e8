/**
 * What the broker keeps per event and per batch. The wire event is exactly what a
 * subscriber receives; the token secret of an ACLToken event travels beside it (Nomad
 * blanks it in the payload but keeps it privately to close that token's streams).
 */
import type { NomadEvent } from '../../../src/lib/nomad/types.ts';
import type { RaftType } from '../store.ts';

export interface BrokerEvent {
  wire: NomadEvent;
  /** ACLToken events only: the SecretID that was blanked in the payload. */
  secret?: string;
  /** `wire` already encoded (the firehose replays pre-encoded events); else encoded lazily. */
  json?: string;
}

/** The events of one state-store transaction: one ndjson line at most per subscriber. */
export interface EventBatchRecord {
  index: number;
  type: RaftType;
  events: BrokerEvent[];
}
