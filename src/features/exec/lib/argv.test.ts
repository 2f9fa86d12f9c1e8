import { describe, expect, it } from 'vitest';
import { joinArgv, splitArgv } from './argv.ts';

const ok = (line: string) => {
  const r = splitArgv(line);
  if (!r.ok) throw new Error(r.error);
  return r.argv;
};

describe('splitArgv', () => {
  it('splits on runs of blanks', () => {
    expect(ok('  ls   -la\t/tmp ')).toEqual(['ls', '-la', '/tmp']);
  });

  it('keeps quoted blanks and drops the quotes', () => {
    expect(ok(`/bin/sh -c 'echo "hi there"; exit 3'`)).toEqual(['/bin/sh', '-c', 'echo "hi there"; exit 3']);
    expect(ok(`echo "a 'b' c"`)).toEqual(['echo', "a 'b' c"]);
    expect(ok(`echo ab"c d"'e f'`)).toEqual(['echo', 'abc de f']);
  });

  it('keeps empty quoted arguments', () => {
    expect(ok(`printf '' ""`)).toEqual(['printf', '', '']);
  });

  it('honours backslashes outside quotes and the few escapes inside double quotes', () => {
    expect(ok('echo a\\ b \\"q\\"')).toEqual(['echo', 'a b', '"q"']);
    expect(ok('echo "x\\"y\\\\z\\n"')).toEqual(['echo', 'x"y\\z\\n']);
    expect(ok("echo 'no\\escape'")).toEqual(['echo', 'no\\escape']);
  });

  it('keeps non-ASCII text intact', () => {
    expect(ok('echo "héllo wörld" ✓')).toEqual(['echo', 'héllo wörld', '✓']);
  });

  it('reports unterminated quotes, a trailing backslash and an empty line', () => {
    expect(splitArgv(`echo 'oops`)).toEqual({ ok: false, error: 'unterminated single quote' });
    expect(splitArgv(`echo "oops`)).toEqual({ ok: false, error: 'unterminated double quote' });
    expect(splitArgv('echo \\')).toMatchObject({ ok: false });
    expect(splitArgv('   ')).toMatchObject({ ok: false });
  });
});

describe('joinArgv', () => {
  it('round-trips through splitArgv', () => {
    for (const argv of [['/bin/bash'], ['sh', '-c', 'echo \'x\' "y"'], ['a b', '', 'ü'], ["it's"]]) {
      expect(ok(joinArgv(argv))).toEqual(argv);
    }
  });

  it('leaves plain words unquoted', () => {
    expect(joinArgv(['/bin/sh', '-c', 'ls'])).toBe('/bin/sh -c ls');
  });
});
