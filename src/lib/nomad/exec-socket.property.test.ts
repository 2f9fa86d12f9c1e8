import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutsArb, nastyBytes, splitAt, unicodeText, utf8 } from '../../testing/chunks';
import { ExecSocket, type ExecSocketLike, type ExecState, type ExecStream } from './exec-socket.ts';

class Socket implements ExecSocketLike {
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  send() {}
  close() {}
}

const toB64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));

function session() {
  let socket: Socket | undefined;
  const out: Record<ExecStream, string> = { stdout: '', stderr: '' };
  const states: ExecState[] = [];
  const exec = new ExecSocket({
    allocId: 'a1',
    task: 'web',
    command: ['/bin/sh'],
    tty: false,
    location: { protocol: 'http:', host: 'h' },
    getToken: () => null,
    openSocket: () => (socket = new Socket()),
    timers: { setInterval: () => 0, clearInterval: () => {} },
    onOutput: (stream, text) => (out[stream] += text),
    onState: (s) => states.push(s),
  });
  exec.connect();
  socket!.onopen?.(new Event('open'));
  const raw = (data: string) => socket!.onmessage?.({ data } as MessageEvent);
  return { out, states, raw, send: (frame: unknown) => raw(JSON.stringify(frame)) };
}

// Any output, valid UTF-8 or not (a binary cat, a program killed mid-character).
const outputBytes = fc.oneof(unicodeText(60).map(utf8), nastyBytes(60));
// What a broken proxy or a garbling fault may put between frames.
const junkFrame = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constant('{"stdout":{"data":'),
  fc.constant('{"stdout":{"data":"@@@"}}'),
  fc.constant('{"stderr":{"data":42}}'),
  fc.constant('[]'),
  fc.constant('null'),
);

describe('ExecSocket output decoding properties', () => {
  it('shows the same text whatever frames the output is split into, and junk frames lose none of it', () => {
    fc.assert(
      fc.property(
        outputBytes,
        outputBytes,
        cutsArb(),
        cutsArb(),
        fc.array(junkFrame, { maxLength: 4 }),
        (stdout, stderr, cutsOut, cutsErr, junk) => {
          const s = session();
          const outChunks = splitAt(stdout, cutsOut);
          const errChunks = splitAt(stderr, cutsErr);
          for (let i = 0; i < Math.max(outChunks.length, errChunks.length); i++) {
            const o = outChunks[i];
            const e = errChunks[i];
            if (o) s.send({ stdout: { data: toB64(o) } });
            if (junk[i] !== undefined) s.raw(junk[i]);
            if (e) s.send({ stderr: { data: toB64(e) } });
          }
          s.send({ exited: true, result: { exit_code: 0 } });
          expect(s.out.stdout).toBe(new TextDecoder().decode(stdout));
          expect(s.out.stderr).toBe(new TextDecoder().decode(stderr));
          expect(s.states.at(-1)).toEqual({ phase: 'ended', end: { kind: 'exited', code: 0 } });
        },
      ),
      { numRuns: 150 },
    );
  });
});
