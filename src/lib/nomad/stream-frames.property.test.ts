import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, cutsArb, nastyBytes, splitAt, unicodeText, utf8 } from '../../testing/chunks';
import { decodeBase64, FrameDecoder, MAX_FRAME_CHARS, type FrameItem, type StreamFrame } from './stream-frames';

function decode(chunks: readonly Uint8Array[]): FrameItem[] {
  const d = new FrameDecoder();
  return [...chunks.flatMap((c) => d.push(c)), ...d.end()];
}

const toB64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));

// As Nomad encodes a frame: keys sorted, empty fields left out, Offset always there.
const frameArb: fc.Arbitrary<StreamFrame> = fc
  .record(
    {
      Data: fc.uint8Array({ minLength: 1, maxLength: 48 }).map(toB64),
      File: unicodeText(24).filter((s) => s !== ''),
      FileEvent: fc.constantFrom('file truncated', 'file deleted'),
      Offset: fc.nat(),
    },
    { requiredKeys: ['Offset'] },
  )
  .map(({ Data, File, FileEvent, Offset }) => ({
    ...(Data !== undefined ? { Data } : {}),
    ...(File !== undefined ? { File } : {}),
    ...(FileEvent !== undefined ? { FileEvent } : {}),
    Offset,
  }));

type Part =
  | { kind: 'frame'; frame: StreamFrame }
  | { kind: 'heartbeat' }
  /** A frame whose bytes were cut off anywhere, even inside a character (the rest never came). */
  | { kind: 'cut'; bytes: Uint8Array; text: string };

type Cut = Extract<Part, { kind: 'cut' }>;

const cutArb = fc.tuple(frameArb, fc.nat()).map(([f, n]): Cut => {
  const json = utf8(JSON.stringify(f));
  const bytes = json.subarray(0, 1 + (n % (json.length - 1)));
  return { kind: 'cut', bytes, text: new TextDecoder().decode(bytes) };
});

/** A whole frame whose first key lost its opening quote (to a letter or invalid UTF-8). */
const garbledArb = fc.tuple(frameArb, fc.constantFrom([0x58], [0xff, 0xfe], [0xc0])).map(([f, junk]): Cut => {
  const json = utf8(JSON.stringify(f));
  const bytes = concatBytes([json.subarray(0, 1), Uint8Array.from(junk), json.subarray(2)]);
  return { kind: 'cut', bytes, text: new TextDecoder().decode(bytes) };
});

const heartbeat: Part = { kind: 'heartbeat' };
const asFrame = (frame: StreamFrame): Part => ({ kind: 'frame', frame });

/**
 * Streams where a damaged frame is followed by a good one (a cut frame needs a data frame
 * to be noticed; a garbled start is noticed at the next heartbeat too).
 */
const partsArb = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: frameArb.map((f) => [asFrame(f)]) },
      { weight: 1, arbitrary: fc.constant([heartbeat]) },
      { weight: 2, arbitrary: fc.tuple(cutArb, frameArb).map(([c, f]) => [c, asFrame(f)]) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(garbledArb, fc.option(frameArb, { nil: undefined }))
          .map(([g, f]) => [g, f ? asFrame(f) : heartbeat]),
      },
    ),
    { maxLength: 10 },
  )
  .map((xs) => xs.flat());

const wire = (p: Part) => (p.kind === 'cut' ? p.bytes : utf8(p.kind === 'frame' ? JSON.stringify(p.frame) : '{}'));
const wireAll = (ps: readonly Part[]) => concatBytes(ps.map(wire));

describe('FrameDecoder properties', () => {
  it('gives the same items whatever chunks the body arrives in, garbage included', () => {
    const anyPart = fc.oneof(partsArb.map(wireAll), cutArb.map(wire), unicodeText(30).map(utf8), nastyBytes(40));
    fc.assert(
      fc.property(fc.array(anyPart, { maxLength: 6 }), cutsArb(), (pieces, cuts) => {
        const bytes = concatBytes(pieces);
        expect(decode(splitAt(bytes, cuts))).toEqual(decode([bytes]));
      }),
      { numRuns: 120 },
    );
  });

  it('keeps every good frame around cut-off and garbled ones and reports each bad one once, with its text', () => {
    fc.assert(
      fc.property(partsArb, fc.option(cutArb, { nil: undefined }), cutsArb(), (parts, lastCut, cuts) => {
        const all = lastCut ? [...parts, lastCut] : parts;
        const got = decode(splitAt(wireAll(all), cuts));
        const want: unknown[] = parts.map((p) =>
          p.kind === 'frame'
            ? { kind: 'frame', frame: p.frame }
            : p.kind === 'heartbeat'
              ? { kind: 'heartbeat' }
              : { kind: 'malformed', text: p.text, error: expect.any(String) as unknown },
        );
        // A frame cut off at the very end is returned as the stream's trailing text.
        if (lastCut) want.push({ kind: 'text', text: lastCut.text.trim() });
        expect(got).toEqual(want);
      }),
      { numRuns: 120 },
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(nastyBytes(300), cutsArb(), (bytes, cuts) => {
        expect(decode(splitAt(bytes, cuts))).toEqual(decode([bytes]));
      }),
      { numRuns: 120 },
    );
  });

  it('decodes a large frame dripped in small chunks quickly, and gives up on an endless one', () => {
    const data = toB64(new Uint8Array(2 << 20).fill(65));
    const bytes = utf8(`{"Data":"${data}","Offset":${2 << 20}}{}`);
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 512) chunks.push(bytes.subarray(i, i + 512));
    const started = performance.now();
    expect(decode(chunks)).toEqual([{ kind: 'frame', frame: { Data: data, Offset: 2 << 20 } }, { kind: 'heartbeat' }]);
    expect(performance.now() - started).toBeLessThan(2000);

    const d = new FrameDecoder();
    const endless = utf8(`{"x":"${'y'.repeat(64 << 10)}`);
    const items: FrameItem[] = [];
    for (let sent = 0; sent <= MAX_FRAME_CHARS + endless.length; sent += endless.length) items.push(...d.push(endless));
    items.push(...d.push(utf8('"}{"Offset":7}')), ...d.end());
    expect(items[0]).toMatchObject({ kind: 'malformed', error: expect.stringContaining('unterminated frame') });
    expect((items[0] as { text: string }).text.length).toBeLessThan(2000);
    expect(items.at(-1)).toEqual({ kind: 'frame', frame: { Offset: 7 } });
  });
});

describe('decodeBase64 properties', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(decodeBase64(toB64(bytes))).toEqual(bytes);
      }),
    );
  });

  it('refuses base64 cut anywhere but at a group boundary, instead of returning fewer bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.nat(), (bytes, n) => {
        const full = toB64(bytes);
        const cut = full.slice(0, n % full.length);
        if (cut.length % 4 !== 0) expect(() => decodeBase64(cut)).toThrow(/not valid base64/);
        else expect(decodeBase64(cut)).toEqual(bytes.subarray(0, (cut.length / 4) * 3));
      }),
    );
  });

  it('either refuses arbitrary text or decodes it exactly (never garbage)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        let bytes: Uint8Array;
        try {
          bytes = decodeBase64(s);
        } catch (err) {
          expect(err).toBeInstanceOf(Error);
          return;
        }
        expect(toB64(bytes)).toBe(s);
      }),
    );
  });
});
