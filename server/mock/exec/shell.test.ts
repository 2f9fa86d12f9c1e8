import { describe, expect, it } from 'vitest';
import { LineEditor } from './line-editor.ts';
import { decodeClientFrame, decodeGoBase64, readHandshake } from './protocol.ts';
import { parseLine } from './shell.ts';
import { KeyReader } from './terminal.ts';

function typeKeys(editor: LineEditor, keys: string[]) {
  let out = '';
  let result;
  for (const k of keys) {
    const o = editor.key(k);
    out += o.out;
    result = o.result ?? result;
  }
  return { out, result };
}

describe('LineEditor', () => {
  const none = () => [];

  it('echoes, edits with backspace and the arrow keys, and returns the line on Enter', () => {
    const history: string[] = [];
    const ed = new LineEditor('$ ', history, none);
    const { out, result } = typeKeys(ed, ['l', 's', 'x', '\x7f', '\x1b[D', '-', '\x1b[C', '\r']);
    expect(out.startsWith('lsx\b \b')).toBe(true);
    expect(result).toEqual({ kind: 'line', line: 'l-s' });
    expect(history).toEqual(['l-s']);
  });

  it('walks the history with up and down, keeping the draft', () => {
    const history = ['ls', 'pwd'];
    const ed = new LineEditor('$ ', history, none);
    typeKeys(ed, ['e', 'c']);
    expect(typeKeys(ed, ['\x1b[A']).out).toContain('pwd');
    expect(typeKeys(ed, ['\x1b[A']).out).toContain('ls');
    expect(typeKeys(ed, ['\x1b[A']).out).toBe('\x07');
    typeKeys(ed, ['\x1b[B', '\x1b[B']);
    expect(ed.line).toBe('ec');
  });

  it('interrupts on Ctrl-C, ends on Ctrl-D only when empty, clears the screen on Ctrl-L', () => {
    expect(new LineEditor('$ ', [], none).key('\x03')).toEqual({ out: '^C\r\n', result: { kind: 'interrupt' } });
    expect(new LineEditor('$ ', [], none).key('\x04').result).toEqual({ kind: 'eof' });
    const ed = new LineEditor('$ ', [], none);
    typeKeys(ed, ['a']);
    expect(ed.key('\x04').result).toBeUndefined();
    expect(ed.key('\x0c').out).toBe('\x1b[H\x1b[2J\r$ a\x1b[K');
  });

  it('completes a unique candidate and lists several', () => {
    const ed = new LineEditor('$ ', [], (word) => ['/alloc/', '/local/'].filter((c) => c.startsWith(word)));
    typeKeys(ed, ['c', 'a', 't', ' ', '/', 'a', '\t']);
    expect(ed.line).toBe('cat /alloc/');
    const ed2 = new LineEditor('$ ', [], (word) => ['/alloc/', '/local/'].filter((c) => c.startsWith(word)));
    expect(typeKeys(ed2, ['l', 's', ' ', '/', '\t']).out).toContain('alloc/  local/');
  });
});

describe('parseLine', () => {
  it('splits statements and words, honouring quotes and escapes', () => {
    const st = parseLine(`echo "a b" 'c $d' e\\ f; ls && pwd || false`);
    expect(st.map((s) => s.join)).toEqual([';', ';', '&&', '||']);
    expect(st[0]!.stages[0]!.map((w) => w.map((seg) => seg.text).join(''))).toEqual(['echo', 'a b', 'c $d', 'e f']);
  });

  it('splits pipelines into stages, and refuses redirections instead of pretending', () => {
    expect(parseLine('seq 10 | head -n 2 | wc -l')[0]!.stages).toHaveLength(3);
    expect(() => parseLine('seq 10 |')).toThrow('unexpected end of file');
    expect(() => parseLine('| head')).toThrow("unexpected token `|'");
    expect(() => parseLine('echo x > f')).toThrow("'>' is not supported");
  });
});

describe('KeyReader', () => {
  it('keeps an escape sequence and a UTF-8 character whole across chunks', () => {
    const r = new KeyReader();
    expect(r.feed(Buffer.from('a\x1b['))).toEqual(['a']);
    expect(r.feed(Buffer.from('A'))).toEqual(['\x1b[A']);
    const euro = Buffer.from('€');
    expect(r.feed(euro.subarray(0, 1))).toEqual([]);
    expect(r.feed(euro.subarray(1))).toEqual(['€']);
  });
});

describe('protocol', () => {
  it('decodes base64 as Go does, strict about padding', () => {
    expect(decodeGoBase64('aGk=').toString()).toBe('hi');
    expect(() => decodeGoBase64('aGk')).toThrow('illegal base64 data at input byte 0');
    expect(() => decodeGoBase64('a$==')).toThrow('illegal base64 data at input byte 1');
  });

  it('decodes client frames with case-insensitive keys; only setup is unexpected', () => {
    expect(decodeClientFrame('{"Stdin":{"Data":"aGk="}}')).toEqual({ kind: 'stdin', data: Buffer.from('hi') });
    expect(decodeClientFrame('{"stdin":{"close":true}}')).toEqual({ kind: 'stdin-close' });
    expect(decodeClientFrame('{"tty_size":{"height":40,"width":120}}')).toEqual({
      kind: 'resize',
      height: 40,
      width: 120,
    });
    expect(decodeClientFrame('{}')).toEqual({ kind: 'heartbeat' });
    expect(decodeClientFrame('{"other":1}')).toEqual({ kind: 'heartbeat' });
    expect(() => decodeClientFrame('{"setup":{}}')).toThrow('unexpected message type');
    expect(() => decodeClientFrame('{"stdin":"x"}')).toThrow(
      'json: cannot unmarshal string into Go struct field ExecTaskStreamingRequest.stdin of type proto.ExecTaskStreamingIOOperation',
    );
  });

  it('checks the handshake token against a header token before the version', () => {
    expect(readHandshake('{"version":1,"auth_token":"s"}', '')).toBe('s');
    expect(readHandshake('{"Version":1,"Auth_Token":"s"}', 's')).toBe('s');
    expect(() => readHandshake('{"version":2,"auth_token":"x"}', 's')).toThrow('mismatched');
    expect(() => readHandshake('', '')).toThrow('unexpected EOF');
    expect(() => readHandshake('null', '')).toThrow('unexpected handshake value: 0');
  });
});
