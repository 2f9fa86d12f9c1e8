/**
 * Snappy block encoding, literal-only. Nomad keeps a dispatched job's `Payload`
 * snappy-compressed in its state store and the event stream sends those stored bytes
 * (only the HTTP GET endpoints decompress). A stream of literal elements is a valid snappy
 * block that every decoder accepts; it is just not smaller, which a mock does not need.
 */

const MAX_LITERAL = 65_536;

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** Encodes `input` as a snappy block (preamble = uncompressed length, then literals). */
export function snappyEncodeLiteral(input: Uint8Array): Buffer {
  const parts: Buffer[] = [Buffer.from(varint(input.length))];
  for (let offset = 0; offset < input.length; offset += MAX_LITERAL) {
    const chunk = input.subarray(offset, Math.min(offset + MAX_LITERAL, input.length));
    const n = chunk.length - 1;
    // Tag byte: low two bits 00 = literal; lengths up to 60 fit in the tag itself,
    // longer ones follow in 1 or 2 little-endian bytes (tag values 60 and 61).
    const tag = n < 60 ? [n << 2] : n < 256 ? [60 << 2, n] : [61 << 2, n & 0xff, n >> 8];
    parts.push(Buffer.from(tag), Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

/** Decodes a snappy block (literals and copies); used by tests to check the round trip. */
export function snappyDecode(block: Uint8Array): Buffer {
  let pos = 0;
  let length = 0;
  let shift = 0;
  for (;;) {
    const b = block[pos++]!;
    length += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) break;
  }
  const out = Buffer.alloc(length);
  let o = 0;
  while (pos < block.length) {
    const tag = block[pos++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let n = tag >> 2;
      if (n >= 60) {
        const bytes = n - 59;
        n = 0;
        for (let i = 0; i < bytes; i++) n += block[pos++]! * 256 ** i;
      }
      n += 1;
      out.set(block.subarray(pos, pos + n), o);
      pos += n;
      o += n;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      len = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | block[pos++]!;
    } else {
      len = (tag >> 2) + 1;
      const bytes = kind === 2 ? 2 : 4;
      offset = 0;
      for (let i = 0; i < bytes; i++) offset += block[pos++]! * 256 ** i;
    }
    for (let i = 0; i < len; i++, o++) out[o] = out[o - offset]!;
  }
  return out;
}
