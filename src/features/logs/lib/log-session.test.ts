import { afterEach, describe, expect, it, vi } from 'vitest';
import { LogSession } from './log-session.ts';
import type { LineBuffer } from './line-buffer.ts';
import { compileMatcher } from './line-matcher.ts';

const enc = new TextEncoder();
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/**
 * A fake Nomad client for one task's logs: rotated files per type, `ls`, and `logs`
 * (origin/offset across rotated files, plain or framed). Follow streams stay open and get
 * whatever `write` appends; `drop()` ends them like a lost connection.
 */
function fakeLogs(files: Record<string, string[]>) {
  const data: Record<string, Uint8Array[]> = {};
  for (const [type, parts] of Object.entries(files)) data[type] = parts.map((p) => enc.encode(p));
  const followers: { type: string; push: (s: string) => void; close: () => void; file: number; pos: number }[] = [];
  const requests: URL[] = [];
  const frame = (type: string, idx: number, chunk: Uint8Array, end: number) =>
    JSON.stringify({ Data: b64(chunk), File: `alloc/logs/web.${type}.${idx}`, Offset: end });

  vi.stubGlobal(
    'fetch',
    vi.fn((input: string, init: RequestInit = {}) => {
      const url = new URL(input, 'http://localhost');
      requests.push(url);
      const q = url.searchParams;
      if (url.pathname.startsWith('/v1/client/fs/ls/')) {
        const entries = Object.entries(data).flatMap(([type, parts]) =>
          parts.map((p, i) => ({ Name: `web.${type}.${i}`, Size: p.length, IsDir: false })),
        );
        return Promise.resolve(Response.json(entries));
      }
      const type = q.get('type')!;
      const parts = data[type]!;
      const sizes = parts.map((p) => p.length);
      const total = sizes.reduce((a, b) => a + b, 0);
      const offset = Number(q.get('offset') ?? 0);
      let abs = q.get('origin') === 'end' ? Math.max(0, total - offset) : offset;
      let idx = 0;
      while (idx < parts.length - 1 && abs >= sizes[idx]!) abs -= sizes[idx++]!;
      let ctrl!: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c) });
      const plain = q.get('plain') === 'true';
      for (let i = idx; i < parts.length; i++) {
        const from = i === idx ? abs : 0;
        const chunk = parts[i]!.subarray(from);
        if (chunk.length) ctrl.enqueue(plain ? chunk : enc.encode(frame(type, i, chunk, parts[i]!.length)));
      }
      if (q.get('follow') === 'true') {
        const f = {
          type,
          file: parts.length - 1,
          pos: parts.at(-1)!.length,
          push: (s: string) => ctrl.enqueue(enc.encode(s)),
          close: () => ctrl.close(),
        };
        followers.push(f);
        init.signal?.addEventListener('abort', () => {
          followers.splice(followers.indexOf(f), 1);
          try {
            ctrl.error(new DOMException('aborted', 'AbortError'));
          } catch {
            /* closed */
          }
        });
      } else ctrl.close();
      return Promise.resolve(new Response(body, { status: 200 }));
    }),
  );

  return {
    requests,
    /** Appends to the newest file; followers get it unless `silent` (written while disconnected). */
    write(type: string, text: string, silent = false) {
      const bytes = enc.encode(text);
      const parts = data[type]!;
      const last = parts.length - 1;
      const merged = new Uint8Array(parts[last]!.length + bytes.length);
      merged.set(parts[last]!);
      merged.set(bytes, parts[last]!.length);
      parts[last] = merged;
      if (silent) return;
      for (const f of followers.filter((x) => x.type === type)) f.push(frame(type, last, bytes, merged.length));
    },
    rotate(type: string) {
      data[type]!.push(new Uint8Array(0));
    },
    /** Empties file `idx` in place (copytruncate) without telling anyone. */
    truncate(type: string, idx: number) {
      data[type]![idx] = new Uint8Array(0);
    },
    /** Sends raw frame text to the open followers of a type. */
    raw(type: string, text: string) {
      for (const f of followers.filter((x) => x.type === type)) f.push(text);
    },
    drop() {
      for (const f of [...followers]) f.close();
      followers.length = 0;
    },
  };
}

const texts = (b: LineBuffer) => Array.from({ length: b.size }, (_, i) => b.get(i)!.text);
const settle = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0));
};

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function open(
  start: ConstructorParameters<typeof LogSession>[0]['start'],
  sources: ('stdout' | 'stderr')[] = ['stdout'],
) {
  const s = new LogSession({ allocId: 'a1', task: 'web', sources, start, onChange: () => {}, heartbeatMs: 60_000 });
  s.start();
  return s;
}

describe('LogSession', () => {
  it('opens at the tail without a cut first line, and follows', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
    const net = fakeLogs({ stdout: [lines.join('\n') + '\n'] });
    const s = open({ kind: 'tail' });
    await settle();
    const got = texts(s.buffer);
    expect(got.at(-1)).toBe('line 4999');
    expect(lines).toContain(got[0]); // a whole line, not the end of one
    net.write('stdout', 'new one\nnew ');
    await settle();
    expect(texts(s.buffer).at(-1)).toBe('new one');
    expect(s.pending()).toEqual([{ source: 'stdout', text: 'new ' }]);
    s.close();
  });

  it('resumes after a dropped connection with no duplicated or missing line', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const net = fakeLogs({ stdout: ['a\nb\n', 'c\n'] });
    const s = open({ kind: 'offset', offset: 0 });
    await vi.advanceTimersByTimeAsync(0);
    expect(texts(s.buffer)).toEqual(['a', 'b', 'c']);
    net.drop();
    net.write('stdout', 'd\n', true); // written while nobody listens
    net.rotate('stdout');
    net.write('stdout', 'e\n', true);
    await vi.advanceTimersByTimeAsync(5_000);
    const resume = net.requests.filter((u) => u.pathname.includes('/logs/')).at(-1)!;
    expect(resume.searchParams.get('origin')).toBe('start');
    expect(resume.searchParams.get('offset')).toBe('6'); // 4 bytes in .0 + 2 in .1
    net.write('stdout', 'f\n');
    await vi.advanceTimersByTimeAsync(0);
    expect(texts(s.buffer)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    s.close();
  });

  it('notices on reconnecting that its file was truncated meanwhile, and reads it again from 0', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const net = fakeLogs({ stdout: ['a\nb\n', 'c\nd\n'] });
    const s = open({ kind: 'offset', offset: 0 });
    await vi.advanceTimersByTimeAsync(0);
    expect(texts(s.buffer)).toEqual(['a', 'b', 'c', 'd']);
    net.drop();
    net.truncate('stdout', 1);
    net.write('stdout', 'x\n', true); // shorter than what was read from it
    await vi.advanceTimersByTimeAsync(5_000);
    const resume = net.requests.filter((u) => u.pathname.includes('/logs/')).at(-1)!;
    expect(resume.searchParams.get('offset')).toBe('4'); // the start of .1
    net.write('stdout', 'y\n');
    await vi.advanceTimersByTimeAsync(0);
    expect(texts(s.buffer)).toEqual([
      'a',
      'b',
      'c',
      'd',
      '— stdout was truncated; continuing from its new start —',
      'x',
      'y',
    ]);
    expect(s.status('stdout')).toMatchObject({ state: 'live' });
    s.close();
  });

  it('merges stdout and stderr in arrival order, labelled by source', async () => {
    const net = fakeLogs({ stdout: [''], stderr: [''] });
    const s = open({ kind: 'offset', offset: 0 }, ['stdout', 'stderr']);
    await settle();
    net.write('stdout', 'out 1\n');
    await settle();
    net.write('stderr', 'err 1\n');
    await settle();
    net.write('stdout', 'out 2\n');
    await settle();
    const got = Array.from({ length: s.buffer.size }, (_, i) => `${s.buffer.get(i)!.source}:${s.buffer.get(i)!.text}`);
    expect(got).toEqual(['stdout:out 1', 'stderr:err 1', 'stdout:out 2']);
    s.close();
  });

  it('loads older lines by byte offset across rotated files, beyond any fixed cap', async () => {
    const all = Array.from({ length: 60_000 }, (_, i) => `row ${i} ${'x'.repeat(i % 7)}`);
    const text = all.join('\n') + '\n';
    // Three rotated files cut at arbitrary byte positions (mid-line).
    const cuts = [Math.floor(text.length / 3), Math.floor((2 * text.length) / 3)];
    fakeLogs({ stdout: [text.slice(0, cuts[0]), text.slice(cuts[0], cuts[1]), text.slice(cuts[1])] });
    const s = open({ kind: 'tail' });
    await settle();
    while (!s.atBeginning) await s.loadOlder();
    expect(texts(s.buffer)).toEqual(all);
    s.close();
  });

  it('marks truncation and deletion, and goes on from the new start', async () => {
    const net = fakeLogs({ stdout: ['one\n'] });
    const s = open({ kind: 'offset', offset: 0 });
    await settle();
    net.raw(
      'stdout',
      JSON.stringify({
        Data: b64(enc.encode('fresh\n')),
        File: 'alloc/logs/web.stdout.0',
        FileEvent: 'file truncated',
        Offset: 6,
      }),
    );
    await settle();
    net.raw('stdout', JSON.stringify({ File: 'alloc/logs/web.stdout.0', FileEvent: 'file deleted', Offset: 6 }));
    await settle();
    const got = Array.from({ length: s.buffer.size }, (_, i) => s.buffer.get(i)!);
    expect(got.map((l) => l.text)).toEqual([
      'one',
      '— stdout was truncated; continuing from its new start —',
      'fresh',
      '— web.stdout.0 was deleted; following the next file —',
    ]);
    expect(got.map((l) => Boolean(l.marker))).toEqual([false, true, false, true]);
    // The logs endpoint goes on with the next file: the view keeps following.
    expect(s.status('stdout')).toMatchObject({ state: 'live' });
    s.close();
  });

  it('moves on past files rotated away before they were read, with a gap notice', async () => {
    const net = fakeLogs({ stdout: ['one\n'] });
    const s = open({ kind: 'offset', offset: 0 });
    await settle();
    const f = (text: string, file: string, end: number) =>
      JSON.stringify({ Data: b64(enc.encode(text)), File: `alloc/logs/${file}`, Offset: end });
    net.raw('stdout', f('two\n', 'web.stdout.0', 8) + f('five\n', 'web.stdout.3', 5));
    await settle();
    expect(texts(s.buffer)).toEqual([
      'one',
      'two',
      '— ≈16 bytes skipped (2 files rotated away before they were read) —',
      'five',
    ]);
    expect(s.status('stdout')).toMatchObject({ state: 'live' });
    s.close();
  });

  it('decodes a character whose bytes are split between two frames', async () => {
    const net = fakeLogs({ stdout: [''] });
    const s = open({ kind: 'offset', offset: 0 });
    await settle();
    const bytes = enc.encode('日本 🚀 ok\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      const f = (part: Uint8Array, end: number) =>
        JSON.stringify({ Data: b64(part), File: 'alloc/logs/web.stdout.0', Offset: end });
      const base = (cut - 1) * bytes.length;
      net.raw('stdout', f(bytes.subarray(0, cut), base + cut) + f(bytes.subarray(cut), base + bytes.length));
    }
    await settle();
    expect(new Set(texts(s.buffer))).toEqual(new Set(['日本 🚀 ok']));
    expect(s.buffer.size).toBe(bytes.length - 1);
    s.close();
  });
});

describe('LogSession search over a full buffer', () => {
  it('matches in slices that yield to the event loop, and the result is exact', async () => {
    const s = new LogSession({
      allocId: 'a',
      task: 'web',
      sources: ['stdout'],
      start: { kind: 'tail' },
      onChange() {},
    });
    const n = 20_000;
    for (let i = 0; i < n; i++) s.buffer.append(i % 7 === 0 ? `\u001b[31mERROR\u001b[0m ${i}` : `ok ${i}`, 'stdout', 0);
    // A clock that advances 1 ms per reading: a slice ends after about 12 readings.
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock++);
    const matcher = compileMatcher({ query: 'error', regex: false, caseSensitive: false, invert: false });
    if (!matcher.ok) throw new Error(matcher.error);
    s.setMatcher(matcher.matcher, 0);
    expect(s.indexing).toBe(true);
    const partial = s.matchIndex!.matches.length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(Math.ceil(n / 7));
    // Lines keep arriving while the index is built; the walk reaches them too.
    for (let i = n; i < n + 70; i++) s.buffer.append(`ERROR late ${i}`, 'stdout', 0);
    while (s.indexing) await new Promise((r) => setTimeout(r, 0));
    now.mockRestore();
    const expected: number[] = [];
    for (let i = 0; i < s.buffer.size; i++) {
      const line = s.buffer.get(i)!;
      if (/error/i.test(line.text)) expected.push(line.seq);
    }
    const got = Array.from({ length: s.matchIndex!.matches.length }, (_, i) => s.matchIndex!.matches.at(i));
    expect(got).toEqual(expected);
    s.close();
  });
});
