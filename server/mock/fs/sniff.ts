/**
 * A small subset of Go's http.DetectContentType (the WHATWG sniffing algorithm over the
 * first 512 bytes), enough for the files the mock serves: Nomad uses it for `stat`'s
 * ContentType and for the Content-Type of `cat` / `readat`.
 */

const SIGNATURES: readonly [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'],
  [[0xff, 0xd8, 0xff], 'image/jpeg'],
  [[0x47, 0x49, 0x46, 0x38], 'image/gif'],
  [[0x1f, 0x8b, 0x08], 'application/x-gzip'],
  [[0x50, 0x4b, 0x03, 0x04], 'application/zip'],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'application/pdf'],
];

/** Bytes WHATWG calls "binary data bytes"; ESC (0x1b) is not one, so ANSI logs stay text. */
function isBinaryByte(b: number): boolean {
  return b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f);
}

export function detectContentType(head: Uint8Array): string {
  const data = head.subarray(0, 512);
  for (const [sig, type] of SIGNATURES) {
    if (data.length >= sig.length && sig.every((b, i) => data[i] === b)) return type;
  }
  let i = 0;
  while (i < data.length && (data[i] === 0x20 || data[i] === 0x09 || data[i] === 0x0a || data[i] === 0x0d)) i++;
  const start = Buffer.from(data.subarray(i, i + 14))
    .toString('latin1')
    .toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<head')) {
    return 'text/html; charset=utf-8';
  }
  if (start.startsWith('<?xml')) return 'text/xml; charset=utf-8';
  return data.some(isBinaryByte) ? 'application/octet-stream' : 'text/plain; charset=utf-8';
}

/** noxssrw: a sniffed HTML type is downgraded to text/plain before it reaches a browser. */
export function safeContentType(head: Uint8Array): string {
  const type = detectContentType(head);
  return /^text\/(html|xhtml|xhtml\+xml)/.test(type) ? 'text/plain; charset=utf-8' : type;
}
