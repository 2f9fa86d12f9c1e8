/**
 * A window of a (possibly huge) file as text lines. Windows are read by byte range, so a
 * window may start inside a multi-byte character or a line: leading UTF-8 continuation
 * bytes are skipped, an incomplete character at the end is held back, and the caller is
 * told where the decoded text really starts and ends.
 */

export interface TextWindow {
  /** Byte offset of the first decoded byte. */
  start: number;
  /** Byte offset just after the last decoded byte. */
  end: number;
  lines: string[];
  /** The first line began before `start` (shown as a continuation). */
  cutFirst: boolean;
  /** The last line continues after `end`. */
  cutLast: boolean;
}

const isContinuation = (b: number) => (b & 0xc0) === 0x80;

/** Length of `bytes` without an incomplete UTF-8 sequence at its end. */
export function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(4, n); back++) {
    const b = bytes[n - back]!;
    if (isContinuation(b)) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

export function decodeWindow(bytes: Uint8Array, offset: number, fileSize: number): TextWindow {
  let from = 0;
  if (offset > 0) while (from < Math.min(3, bytes.length) && isContinuation(bytes[from]!)) from++;
  const atEof = offset + bytes.length >= fileSize;
  const to = atEof ? bytes.length : completeUtf8Length(bytes);
  const text = new TextDecoder().decode(bytes.subarray(from, to));
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) lines.pop();
  return {
    start: offset + from,
    end: offset + to,
    lines,
    cutFirst: offset + from > 0,
    cutLast: !endsWithNewline && !atEof,
  };
}

/** Pretty JSON when the text parses, else null. */
export function prettyJson(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}
