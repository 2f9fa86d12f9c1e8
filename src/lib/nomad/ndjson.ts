/**
 * Incremental newline-delimited JSON decoder for `/v1/event/stream`.
 *
 * Bytes arrive in arbitrary chunks: a line, or a multi-byte UTF-8 character, can be split
 * anywhere. The decoder keeps the undecoded tail of the bytes (TextDecoder in streaming
 * mode) and the unterminated tail of the text, and yields one item per complete line.
 * Nothing is dropped silently: a line that is not JSON comes back as `malformed` with its
 * text, and whatever is left when the stream ends comes back as `tail` (Nomad ≤1.11.3
 * appends a mid-stream error as bare text with no newline after the last line).
 */

export type NdjsonItem =
  | { kind: 'value'; value: unknown }
  | { kind: 'malformed'; text: string; error: string }
  | { kind: 'tail'; text: string };

export class NdjsonDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';

  /** Feeds a chunk; returns the items completed by it (possibly none). */
  push(chunk: Uint8Array): NdjsonItem[] {
    return this.take(this.decoder.decode(chunk, { stream: true }));
  }

  /** Ends the stream: flushes a split character and reports an unterminated last line. */
  end(): NdjsonItem[] {
    const items = this.take(this.decoder.decode());
    const rest = this.pending.trim();
    this.pending = '';
    if (rest === '') return items;
    const parsed = parseLine(rest);
    items.push(parsed.kind === 'value' ? parsed : { kind: 'tail', text: rest });
    return items;
  }

  private take(text: string): NdjsonItem[] {
    const items: NdjsonItem[] = [];
    if (text === '') return items;
    let start = 0;
    let buffer = this.pending + text;
    // Only the new text can contain the next newline; the pending part has none.
    let nl = buffer.indexOf('\n', this.pending.length);
    while (nl !== -1) {
      const line = buffer.slice(start, nl);
      start = nl + 1;
      if (line.trim() !== '') items.push(parseLine(line));
      nl = buffer.indexOf('\n', start);
    }
    buffer = buffer.slice(start);
    this.pending = buffer;
    return items;
  }
}

function parseLine(line: string): NdjsonItem {
  try {
    return { kind: 'value', value: JSON.parse(line) as unknown };
  } catch (err) {
    return { kind: 'malformed', text: line, error: err instanceof Error ? err.message : String(err) };
  }
}
