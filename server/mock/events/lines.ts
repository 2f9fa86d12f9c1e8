/**
 * Encodes batches into ndjson lines once and shares the bytes. Each event is encoded at
 * most once (lazily, the first time any subscriber or the record needs it); a line is
 * assembled from those strings and cached on the buffer item, per selection, so every
 * subscriber with the same view of a batch writes the very same Buffer.
 */
import { encodeNomadJson } from '../../http/json.ts';
import type { BufferItem } from './buffer.ts';

/** Distinct selections kept per batch; more than this are built per subscriber. */
const MAX_SUBSET_LINES = 16;

export interface LineStats {
  eventsEncoded: number;
  linesBuilt: number;
  linesShared: number;
}

export class LineEncoder {
  readonly stats: LineStats = { eventsEncoded: 0, linesBuilt: 0, linesShared: 0 };

  /** The JSON text of one event of `item`. */
  eventJson(item: BufferItem, i: number): string {
    let json = item.json[i];
    if (json === undefined) {
      const event = item.batch.events[i]!;
      json = event.json ?? encodeNomadJson(event.wire);
      item.json[i] = json;
      this.stats.eventsEncoded++;
    }
    return json;
  }

  /** `{"Events":[…],"Index":n}\n` for the events at `selection` (undefined = all, once each). */
  line(item: BufferItem, selection: readonly number[] | undefined): Buffer {
    if (!selection) {
      if (item.fullLine) {
        this.stats.linesShared++;
        return item.fullLine;
      }
      item.fullLine = this.build(item, [...item.batch.events.keys()]);
      return item.fullLine;
    }
    const key = selection.join(',');
    const cached = item.subsetLines?.get(key);
    if (cached) {
      this.stats.linesShared++;
      return cached;
    }
    const line = this.build(item, selection);
    item.subsetLines ??= new Map();
    if (item.subsetLines.size < MAX_SUBSET_LINES) item.subsetLines.set(key, line);
    return line;
  }

  private build(item: BufferItem, selection: readonly number[]): Buffer {
    this.stats.linesBuilt++;
    const events = selection.map((i) => this.eventJson(item, i)).join(',');
    // Keys sorted as go-msgpack writes them: Events, then Index.
    return Buffer.from(`{"Events":[${events}],"Index":${item.index}}\n`, 'utf8');
  }
}
