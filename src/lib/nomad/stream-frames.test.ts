import { describe, expect, it } from 'vitest';
import { FrameDecoder, decodeBase64, type FrameItem } from './stream-frames';

const enc = new TextEncoder();
const b64 = (s: string) => btoa(String.fromCharCode(...enc.encode(s)));

function run(chunks: Uint8Array[]): FrameItem[] {
  const d = new FrameDecoder();
  return [...chunks.flatMap((c) => d.push(c)), ...d.end()];
}

function chunked(s: string, size: number): Uint8Array[] {
  const bytes = enc.encode(s);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const body =
  `{"Data":"${b64('hello {world}\n')}","File":"alloc/logs/wéb-日本.stdout.0","Offset":14}{}` +
  `{"File":"alloc/logs/x","FileEvent":"file truncated","Offset":0}{}{"Data":"${b64('"quoted\\"}')}","Offset":26}`;

const expected: FrameItem[] = [
  { kind: 'frame', frame: { Data: b64('hello {world}\n'), File: 'alloc/logs/wéb-日本.stdout.0', Offset: 14 } },
  { kind: 'heartbeat' },
  { kind: 'frame', frame: { File: 'alloc/logs/x', FileEvent: 'file truncated', Offset: 0 } },
  { kind: 'heartbeat' },
  { kind: 'frame', frame: { Data: b64('"quoted\\"}'), Offset: 26 } },
];

describe('FrameDecoder', () => {
  it('splits concatenated frames with no separator', () => {
    expect(run([enc.encode(body)])).toEqual(expected);
  });

  it.each([1, 2, 3, 4, 7, 64])('gives the same frames from %i-byte chunks', (size) => {
    expect(run(chunked(body, size))).toEqual(expected);
  });

  it('gives the same frames when the body is split in two at every byte position', () => {
    const bytes = enc.encode(body);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(run([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
    }
  });

  it('does not end a frame at `}{` inside a file name (splitting on `}` would)', () => {
    const tricky = `{"Data":"${b64('x')}","File":"alloc/data/a}{b}.log","Offset":1}{}`;
    const bytes = enc.encode(tricky);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(run([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([
        { kind: 'frame', frame: { Data: b64('x'), File: 'alloc/data/a}{b}.log', Offset: 1 } },
        { kind: 'heartbeat' },
      ]);
    }
  });

  it('handles braces and escaped quotes inside strings', () => {
    const items = run([enc.encode('{"File":"a}b{\\"c","Offset":1}')]);
    expect(items).toEqual([{ kind: 'frame', frame: { File: 'a}b{"c', Offset: 1 } }]);
  });

  it('returns an error message appended after the frames as text', () => {
    const items = run([enc.encode('{}{"Data":"aGk=","Offset":2}rpc error: Unknown allocation')]);
    expect(items.at(-1)).toEqual({ kind: 'text', text: 'rpc error: Unknown allocation' });
  });

  it('keeps text outside frames whole when it is split across chunks', () => {
    const items = run(chunked('{}oops, not a frame{"Offset":4}', 1));
    expect(items).toEqual([
      { kind: 'heartbeat' },
      { kind: 'text', text: 'oops, not a frame' },
      { kind: 'frame', frame: { Offset: 4 } },
    ]);
  });

  it('returns text that precedes a frame, then the frame', () => {
    const items = run([enc.encode('garbage {"Offset":3}')]);
    expect(items).toEqual([
      { kind: 'text', text: 'garbage' },
      { kind: 'frame', frame: { Offset: 3 } },
    ]);
  });

  it('reports a frame that is not valid JSON as malformed and continues', () => {
    const items = run([enc.encode('{"Data":"aGk=",}{"Offset":9}')]);
    expect(items[0]).toMatchObject({ kind: 'malformed', text: '{"Data":"aGk=",}' });
    expect(items[1]).toEqual({ kind: 'frame', frame: { Offset: 9 } });
  });

  it('reports an unterminated last frame as text at the end', () => {
    expect(run([enc.encode('{}{"Data":"aG')])).toEqual([{ kind: 'heartbeat' }, { kind: 'text', text: '{"Data":"aG' }]);
  });
});

describe('decodeBase64', () => {
  it('decodes to the original bytes', () => {
    expect(new TextDecoder().decode(decodeBase64(b64('日本 🚀')))).toBe('日本 🚀');
  });

  it('throws on invalid input', () => {
    expect(() => decodeBase64('not base64!')).toThrow();
  });
});
