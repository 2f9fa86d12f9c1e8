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
  /**
   * The unterminated line so far, as the pieces it arrived in (none contains a newline).
   * Joined only when its newline arrives: re-concatenating on every chunk made a long line
   * in small chunks quadratic (a 4 MB line in 1 KB chunks took seconds).
   */
  private pending: string[] = [];

  /** Feeds a chunk; returns the items completed by it (possibly none). */
  push(chunk: Uint8Array): NdjsonItem[] {
    return this.take(this.decoder.decode(chunk, { stream: true }));
  }

  /** Ends the stream: flushes a split character and reports an unterminated last line. */
  end(): NdjsonItem[] {
    const items = this.take(this.decoder.decode());
    const rest = this.pending.join('').trim();
    this.pending = [];
    if (rest === '') return items;
    const parsed = parseLine(rest);
    items.push(parsed.kind === 'value' ? parsed : { kind: 'tail', text: rest });
    return items;
  }

  private take(text: string): NdjsonItem[] {
    const items: NdjsonItem[] = [];
    let nl = text.indexOf('\n');
    if (nl === -1) {
      if (text !== '') this.pending.push(text);
      return items;
    }
    this.pending.push(text.slice(0, nl));
    let line = this.pending.join('');
    this.pending = [];
    for (;;) {
      if (line.trim() !== '') items.push(parseLine(line));
      const start = nl + 1;
      nl = text.indexOf('\n', start);
      if (nl === -1) {
        if (start < text.length) this.pending.push(text.slice(start));
        return items;
      }
      line = text.slice(start, nl);
    }
  }
}

function parseLine(line: string): NdjsonItem {
  try {
    return { kind: 'value', value: JSON.parse(line) as unknown };
  } catch (err) {
    return { kind: 'malformed', text: line, error: err instanceof Error ? err.message : String(err) };
  }
}
