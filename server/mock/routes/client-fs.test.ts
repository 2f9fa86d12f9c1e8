/**
 * /v1/client/fs/* over real HTTP (nomad-api.md §4). Writers are stopped (logRate 0) so
 * bytes are deterministic; growth is driven through the control routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitFrames, type Frame } from '../fs/frames-testkit.ts';
import { FIXED_NOW, secretOf, startMock, type Harness } from '../test-harness.ts';
import type { AllocationWire } from '../wire.ts';

let h: Harness;
let running: AllocationWire;
let pending: AllocationWire;
let lost: AllocationWire;
let finished: AllocationWire;
const FS = '/v1/client/fs';

beforeAll(async () => {
  h = await startMock({ seed: 1, logRate: 0, fsHeartbeatMs: 60, fsBatchMs: 15, logRotateBytes: 64 * 1024 });
  const allocs = h.runtime.store.list('allocs');
  running = allocs.find(
    (a) => a.JobID === 'web-frontend' && a.ClientStatus === 'running' && a.Namespace === 'default',
  )!;
  pending = allocs.find((a) => a.ClientStatus === 'pending')!;
  lost = allocs.find((a) => a.ClientStatus === 'lost')!;
  finished = allocs.find((a) => a.JobID === 'db-migrate')!;
});
afterAll(() => h.close());

const task = () => Object.keys(running.TaskStates!)[0]!;
const enc = encodeURIComponent;

async function text(path: string, headers: Record<string, string> = {}): Promise<[number, string]> {
  const res = await h.get(path, headers);
  return [res.status, await res.text()];
}

/** Reads a streaming body until `until` holds for the frames seen so far, then aborts. */
async function readFrames(path: string, until: (frames: Frame[]) => boolean, timeoutMs = 4000): Promise<Frame[]> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  const res = await fetch(h.base + path, { signal: ctrl.signal });
  let body = '';
  let frames: Frame[] = [];
  try {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      body += decoder.decode(value, { stream: true });
      frames = splitFrames(body).frames;
      if (until(frames)) break;
    }
  } catch (err) {
    if (!ctrl.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
  return frames;
}

const dataOf = (frames: Frame[]) =>
  Buffer.concat(frames.filter((f) => f.Data).map((f) => Buffer.from(f.Data!, 'base64')));

describe('routing and common errors', () => {
  it('answers unknown operations with 404 Invalid method and a missing alloc id with 400', async () => {
    expect(await text(`${FS}/nope/${running.ID}`)).toEqual([404, 'Invalid method']);
    expect(await text(`${FS}/ls`)).toEqual([404, 'Invalid method']);
    expect(await text(`${FS}/ls/`)).toEqual([400, 'must provide a valid alloc id']);
  });

  it('reports bad, unknown and unreachable allocations like a forwarding server', async () => {
    expect(await text(`${FS}/ls/abc`)).toEqual([500, 'alloc lookup failed: UUID must be 36 characters']);
    const unknown = '00000000-0000-0000-0000-000000000000';
    expect(await text(`${FS}/ls/${unknown}`)).toEqual([404, `Unknown allocation "${unknown}"`]);
    expect(await text(`${FS}/ls/${lost.ID}`)).toEqual([404, 'No path to node']);
  });

  it('sends the CORS headers Nomad applies to /v1/client/fs/*, and answers preflights with 204', async () => {
    const res = await h.get(`${FS}/ls/${running.ID}`);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const pre = await fetch(`${h.base}${FS}/logs/${running.ID}`, {
      method: 'OPTIONS',
      headers: { 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-nomad-token' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toBe('x-nomad-token');
  });
});

describe('ls and stat', () => {
  it('lists the alloc dir with sorted entries and Nomad keys', async () => {
    const res = await h.get(`${FS}/ls/${running.ID}`);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = await res.text();
    const list = JSON.parse(body) as { Name: string; IsDir: boolean }[];
    expect(list.map((e) => e.Name)).toEqual(['alloc', task()]);
    expect(body.startsWith('[{"FileMode":"drwxrwxrwx","IsDir":true,"ModTime":"')).toBe(true);
    const alloc = (await (await h.get(`${FS}/ls/${running.ID}?path=alloc`)).json()) as { Name: string }[];
    expect(alloc.map((e) => e.Name)).toEqual(['data', 'logs', 'tmp']);
    const tmp = (await (await h.get(`${FS}/ls/${running.ID}?path=/alloc/tmp`)).json()) as unknown[];
    expect(tmp).toEqual([]);
    const local = (await (await h.get(`${FS}/ls/${running.ID}?path=${task()}/local`)).json()) as { Name: string }[];
    expect(local.map((e) => e.Name)).toContain('report (final) #2 50%+ über?&.txt');
    const logs = (await (await h.get(`${FS}/ls/${running.ID}?path=alloc/logs`)).json()) as { Name: string }[];
    // Go's ReadDir order is byte-wise: `.10` sorts before `.2`.
    const names = logs.map((e) => e.Name).filter((n) => n.startsWith(`${task()}.stdout.`));
    expect(names.length).toBeGreaterThan(1);
    expect(names).toEqual([...names].sort());
  });

  it('lets secrets be listed and stat-ed (only reads are refused)', async () => {
    const [status, body] = await text(`${FS}/ls/${running.ID}?path=${task()}/secrets`);
    expect(status).toBe(200);
    expect(body).toContain('vault_token');
  });

  it('stat adds a sniffed ContentType, application/json for *.json', async () => {
    const stat = async (p: string) =>
      (await (await h.get(`${FS}/stat/${running.ID}?path=${enc(p)}`)).json()) as Record<string, unknown>;
    expect((await stat(`${task()}/local/logo.png`)).ContentType).toBe('image/png');
    expect((await stat(`${task()}/local/service.json`)).ContentType).toBe('application/json');
    expect((await stat(`${task()}/local/bin/healthcheck`)).ContentType).toBe('application/octet-stream');
    const big = await stat('alloc/data/archive-200mb.log');
    expect(big).toMatchObject({ Size: 200 * 1024 * 1024, IsDir: false, ContentType: 'text/plain; charset=utf-8' });
    expect(Object.keys(big)).toEqual(['ContentType', 'FileMode', 'IsDir', 'ModTime', 'Name', 'Size']);
  });

  it('uses Nomad texts and codes for missing paths, escapes and files listed as dirs', async () => {
    const abs = `/opt/nomad/data/alloc/${running.ID}`;
    expect(await text(`${FS}/ls/${running.ID}?path=nope`)).toEqual([
      404,
      `open ${abs}/nope: no such file or directory`,
    ]);
    expect(await text(`${FS}/stat/${running.ID}?path=nope`)).toEqual([
      404,
      `stat ${abs}/nope: no such file or directory`,
    ]);
    expect(await text(`${FS}/stat/${running.ID}`)).toEqual([400, 'must provide a file name']);
    expect(await text(`${FS}/ls/${running.ID}?path=../..`)).toEqual([500, 'Path escapes the alloc directory']);
    expect(await text(`${FS}/stat/${running.ID}?path=../x`)).toEqual([500, 'Path escapes the alloc directory']);
    expect(await text(`${FS}/ls/${running.ID}?path=alloc/data/state.json`)).toEqual([
      500,
      `readdirent ${abs}/alloc/data/state.json: not a directory`,
    ]);
  });
});

describe('cat and readat', () => {
  it('cat returns raw bytes with the anti-XSS headers; a name needing escaping works', async () => {
    const res = await h.get(`${FS}/cat/${running.ID}?path=${enc(`${task()}/local/report (final) #2 50%+ über?&.txt`)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('quarterly report');
    const png = await h.get(`${FS}/cat/${running.ID}?path=${task()}/local/logo.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(bytes.subarray(-8, -4).toString('latin1')).toBe('IEND');
  });

  it('readat reads a window of the 200 MiB file; offset is required', async () => {
    const [status, body] = await text(
      `${FS}/readat/${running.ID}?path=alloc/data/archive-200mb.log&offset=209715100&limit=500`,
    );
    expect(status).toBe(200);
    expect(body).toBe('002097152 offset=0209715100 ' + body.slice(28));
    expect(body.length).toBe(100);
    expect(await text(`${FS}/readat/${running.ID}?path=alloc/data/state.json`)).toEqual([
      500,
      'error parsing offset: strconv.ParseInt: parsing "": invalid syntax',
    ]);
  });

  it('refuses secret and private files, directories and missing files', async () => {
    const abs = `/opt/nomad/data/alloc/${running.ID}`;
    expect(await text(`${FS}/cat/${running.ID}?path=${task()}/secrets/vault_token`)).toEqual([
      500,
      `Reading secret file prohibited: ${task()}/secrets/vault_token`,
    ]);
    expect(await text(`${FS}/readat/${running.ID}?path=${task()}/private/consul_token&offset=0`)).toEqual([
      500,
      `Reading private file prohibited: ${task()}/private/consul_token`,
    ]);
    expect(await text(`${FS}/cat/${running.ID}?path=alloc`)).toEqual([400, 'file "alloc" is a directory']);
    expect(await text(`${FS}/cat/${running.ID}?path=x`)).toEqual([400, `stat ${abs}/x: no such file or directory`]);
    expect(await text(`${FS}/cat/${running.ID}`)).toEqual([400, 'must provide a file name']);
  });
});

describe('the [inferred] 200-with-error-text switch for cat/readat', () => {
  it('answers errors with 200 and the error text when on', async () => {
    const h2 = await startMock({ seed: 1, logRate: 0, fsErrorsAs200: true });
    try {
      const res = await h2.get(`${FS}/cat/${running.ID}?path=${task()}/secrets/vault_token`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(await res.text()).toBe(`Reading secret file prohibited: ${task()}/secrets/vault_token`);
      const ls = await h2.get(`${FS}/ls/${running.ID}?path=nope`);
      expect(ls.status).toBe(404);
    } finally {
      await h2.close();
    }
  });
});

describe('stream', () => {
  it('follows by default: concatenated frames, {} heartbeats, Offset = end offset', async () => {
    const path = `${task()}/local/nginx.conf`;
    const frames = await readFrames(
      `${FS}/stream/${running.ID}?path=${path}`,
      (f) => f.filter((x) => x.Data === undefined).length >= 2,
    );
    expect(frames[0]!.File).toBe(path);
    const data = dataOf(frames);
    expect(frames.find((f) => f.Data)!.Offset).toBe(data.length);
    const expected = await (await h.get(`${FS}/cat/${running.ID}?path=${path}`)).text();
    expect(data.toString()).toBe(expected);
    expect(frames.filter((f) => Object.keys(f).length === 0).length).toBeGreaterThanOrEqual(2);
  });

  it('with follow=false ends at EOF; origin=end counts back from the size; Data is at most 64 KiB', async () => {
    const res = await h.get(
      `${FS}/stream/${running.ID}?path=alloc/data/archive-200mb.log&origin=end&offset=150000&follow=false`,
    );
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const body = await res.text();
    expect(body).not.toMatch(/}\s+{/);
    const { frames, rest } = splitFrames(body);
    expect(rest).toBe('');
    const data = frames.filter((f) => f.Data);
    expect(data.map((f) => Buffer.from(f.Data!, 'base64').length)).toEqual([65536, 65536, 150000 - 131072]);
    expect(data.map((f) => f.Offset)).toEqual([
      200 * 1024 * 1024 - 150000 + 65536,
      200 * 1024 * 1024 - 150000 + 131072,
      200 * 1024 * 1024,
    ]);
  });

  it('is gzip-compressed (and still streamed frame by frame) only when the client accepts gzip', async () => {
    const path = `${FS}/stream/${running.ID}?path=alloc/data/state.json&follow=false`;
    const zipped = await h.get(path, { 'Accept-Encoding': 'gzip' });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const plain = await h.get(path, { 'Accept-Encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await zipped.text()).toBe(await plain.text());
  });

  it('validates like Nomad: missing file is a 400, directories and bad origin too; bad follow is a 500', async () => {
    const abs = `/opt/nomad/data/alloc/${running.ID}`;
    expect(await text(`${FS}/stream/${running.ID}?path=nope`)).toEqual([
      400,
      `stat ${abs}/nope: no such file or directory`,
    ]);
    expect(await text(`${FS}/stream/${running.ID}?path=alloc/logs`)).toEqual([400, 'file "alloc/logs" is a directory']);
    expect(await text(`${FS}/stream/${running.ID}?path=alloc/logs&origin=middle`)).toEqual([
      400,
      'origin must be start or end',
    ]);
    expect(await text(`${FS}/stream/${running.ID}?path=x&follow=maybe`)).toEqual([
      500,
      'failed to parse follow field to boolean: strconv.ParseBool: parsing "maybe": invalid syntax',
    ]);
    expect(await text(`${FS}/stream/${running.ID}?path=../../etc/passwd`)).toEqual([
      400,
      'Path escapes the alloc directory',
    ]);
    expect(await text(`${FS}/stream/${running.ID}?path=${task()}/secrets/vault_token`)).toEqual([
      500,
      `Reading secret file prohibited: ${task()}/secrets/vault_token`,
    ]);
  });

  it('sends `file truncated` then new data from 0, and `file deleted` before ending', async () => {
    const t = task();
    const logPath = `alloc/logs/${t}.stderr.0`;
    const seen: Frame[] = [];
    let acted = 0;
    const frames = await readFrames(`${FS}/stream/${running.ID}?path=${logPath}&origin=end&offset=10`, (f) => {
      seen.splice(0, seen.length, ...f);
      if (acted === 0 && f.some((x) => x.Data)) {
        acted = 1;
        void h
          .post(`/__mock/fs/${running.ID}/truncate?path=${logPath}`, '')
          .then(() => h.post(`/__mock/logs/${running.ID}/${t}/burst?type=stderr&lines=2`, ''));
      }
      if (acted === 1 && f.some((x) => x.FileEvent === 'file truncated') && dataOf(f).length > 10) {
        acted = 2;
        void h.post(`/__mock/fs/${running.ID}/delete?path=${logPath}`, '');
      }
      return f.some((x) => x.FileEvent === 'file deleted');
    });
    const truncated = frames.find((f) => f.FileEvent === 'file truncated')!;
    expect(truncated.File).toBe(logPath);
    const afterTruncate = frames.slice(frames.indexOf(truncated)).filter((f) => f.Data);
    expect(afterTruncate[afterTruncate.length - 1]!.Offset).toBe(dataOf(afterTruncate).length);
    const deleted = frames[frames.length - 1]!;
    expect(deleted).toMatchObject({ File: logPath, FileEvent: 'file deleted' });
    expect(deleted.Data).toBeUndefined();
  });
});

describe('logs', () => {
  const logs = (q: string) => `${FS}/logs/${running.ID}?task=${task()}&${q}`;

  it('does not follow by default; plain=true is raw text/plain; JSON frames otherwise', async () => {
    const plain = await h.get(logs('type=stdout&plain=true'));
    expect(plain.headers.get('content-type')).toBe('text/plain');
    const raw = Buffer.from(await plain.arrayBuffer());
    const framed = await h.get(logs('type=stdout'));
    expect(framed.headers.get('content-type')).toBe('application/json');
    const { frames, rest } = splitFrames(await framed.text());
    expect(rest).toBe('');
    expect(dataOf(frames).equals(raw)).toBe(true);
    const files = [...new Set(frames.filter((f) => f.File).map((f) => f.File))];
    expect(files.length).toBeGreaterThan(1);
    const indexes = files.map((f) => Number(f!.split('.').pop()));
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
  });

  it('spans rotated files with origin/offset in both directions', async () => {
    const list = (await (await h.get(`${FS}/ls/${running.ID}?path=alloc/logs`)).json()) as {
      Name: string;
      Size: number;
    }[];
    const idx = (name: string) => Number(name.split('.').pop());
    const stdout = list.filter((e) => e.Name.startsWith(`${task()}.stdout.`)).sort((a, b) => idx(a.Name) - idx(b.Name));
    const first = stdout[0]!;
    const last = stdout[stdout.length - 1]!;
    const all = Buffer.from(await (await h.get(logs('type=stdout&plain=true'))).arrayBuffer());
    const skip = first.Size + 10;
    const fwd = Buffer.from(await (await h.get(logs(`type=stdout&plain=true&offset=${skip}`))).arrayBuffer());
    expect(fwd.equals(all.subarray(skip))).toBe(true);
    const back = last.Size + 100;
    const tail = Buffer.from(
      await (await h.get(logs(`type=stdout&plain=true&origin=end&offset=${back}`))).arrayBuffer(),
    );
    expect(tail.equals(all.subarray(all.length - back))).toBe(true);
    const framed = splitFrames(await (await h.get(logs(`type=stdout&origin=end&offset=${back}`))).text()).frames;
    expect(framed[0]!.File).not.toBe(framed[framed.length - 1]!.File);
  });

  it('follow=true delivers new records and moves on to newly rotated files', async () => {
    const t = task();
    let burst = false;
    const frames = await readFrames(logs('type=stdout&follow=true&origin=end&offset=1'), (f) => {
      if (!burst && f.some((x) => x.Data)) {
        burst = true;
        void h.post(`/__mock/logs/${running.ID}/${t}/burst?type=stdout&lines=900`, '');
      }
      // Done once the burst has arrived and the stream idles on heartbeats.
      const idle = f.length > 2 && f.slice(-2).every((x) => Object.keys(x).length === 0);
      return idle && dataOf(f).length > 70 * 1024;
    });
    const files = [...new Set(frames.map((x) => x.File).filter(Boolean))];
    expect(files.length).toBeGreaterThan(1);
    const nums = files.map((f) => Number(f!.split('.').pop()));
    expect(nums[1]).toBe(nums[0]! + 1);
    // No byte lost or repeated across the rotations: the followed bytes are the log's tail.
    const followed = dataOf(frames);
    const full = Buffer.from(await (await h.get(logs('type=stdout&plain=true'))).arrayBuffer());
    expect(full.subarray(full.length - followed.length).equals(followed)).toBe(true);
  });

  it('follow=true marks a truncation of the current file and continues from 0', async () => {
    const t = task();
    const files = (await (await h.get(`${FS}/ls/${running.ID}?path=alloc/logs`)).json()) as { Name: string }[];
    const current = files
      .map((f) => f.Name)
      .filter((n) => n.startsWith(`${t}.stdout.`))
      .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()))
      .at(-1)!;
    let step = 0;
    const frames = await readFrames(logs('type=stdout&follow=true&origin=end&offset=50'), (f) => {
      if (step === 0 && f.some((x) => x.Data)) {
        step = 1;
        void h
          .post(`/__mock/fs/${running.ID}/truncate?path=alloc/logs/${current}`, '')
          .then(() => h.post(`/__mock/logs/${running.ID}/${t}/burst?type=stdout&lines=3`, ''));
      }
      const at = f.findIndex((x) => x.FileEvent === 'file truncated');
      return at !== -1 && f.slice(at).some((x) => x.Data);
    });
    const at = frames.findIndex((x) => x.FileEvent === 'file truncated');
    expect(frames[at]!.File).toBe(`alloc/logs/${current}`);
    const after = frames.slice(at).filter((x) => x.Data);
    expect(after[0]!.Offset).toBe(Buffer.from(after[0]!.Data!, 'base64').length);
  });

  it('validates parameters with Nomad texts and 400s', async () => {
    const base = `${FS}/logs/${running.ID}`;
    expect(await text(`${base}?type=stdout`)).toEqual([400, 'must provide task name']);
    expect(await text(`${base}?task=${task()}&type=x`)).toEqual([400, 'must provide log type (stdout/stderr)']);
    expect(await text(`${base}?task=${task()}&type=stdout&follow=yes`)).toEqual([
      400,
      'failed to parse follow field to boolean: strconv.ParseBool: parsing "yes": invalid syntax',
    ]);
    expect(await text(`${base}?task=${task()}&type=stdout&plain=2`)).toEqual([
      400,
      'failed to parse plain field to boolean: strconv.ParseBool: parsing "2": invalid syntax',
    ]);
    expect(await text(`${base}?task=${task()}&type=stdout&offset=1.5`)).toEqual([
      400,
      'error parsing offset: strconv.ParseInt: parsing "1.5": invalid syntax',
    ]);
    expect(await text(`${base}?task=${task()}&type=stdout&origin=top`)).toEqual([400, 'origin must be start or end']);
    expect(await text(`${base}?task=nope&type=stdout`)).toEqual([400, 'unknown task name "nope"']);
  });

  it('404s when the task has not started and when no log file exists', async () => {
    const pt = Object.keys(pending.TaskStates!)[0]!;
    expect(await text(`${FS}/logs/${pending.ID}?task=${pt}&type=stdout`)).toEqual([
      404,
      `task "${pt}" not started yet. No logs available`,
    ]);
    const ft = Object.keys(finished.TaskStates!)[0]!;
    const files = (await (await h.get(`${FS}/ls/${finished.ID}?path=alloc/logs`)).json()) as { Name: string }[];
    for (const f of files.filter((e) => e.Name.startsWith(`${ft}.stderr.`))) {
      expect((await h.post(`/__mock/fs/${finished.ID}/delete?path=alloc/logs/${enc(f.Name)}`, '')).status).toBe(200);
    }
    expect(await text(`${FS}/logs/${finished.ID}?task=${ft}&type=stderr`)).toEqual([
      404,
      `log entry for task "${ft}" and log type "stderr" not found`,
    ]);
  });

  it('terminal allocations keep their logs', async () => {
    const ft = Object.keys(finished.TaskStates!)[0]!;
    const [status, body] = await text(`${FS}/logs/${finished.ID}?task=${ft}&type=stdout&plain=true`);
    expect(status).toBe(200);
    expect(body.length).toBeGreaterThan(10_000);
  });
});

describe('determinism', () => {
  it('the same seed gives the same files and log bytes; another seed differs', async () => {
    const other = await startMock({ seed: 1, logRate: 0 });
    const third = await startMock({ seed: 2, logRate: 0 });
    try {
      const q = `${FS}/logs/${running.ID}?task=${task()}&type=stdout&plain=true&origin=end&offset=2000`;
      const pathQ = `${FS}/cat/${running.ID}?path=alloc/data/state.json`;
      const a = await (await other.get(q)).text();
      const b = await (await startMockGet(q)).text();
      expect(a).toBe(b);
      expect(await (await other.get(pathQ)).text()).toBe(await (await h.get(pathQ)).text());
      const thirdAlloc = third.runtime.store.list('allocs').find((x) => x.ClientStatus === 'running')!;
      const c = await (
        await third.get(
          `${FS}/logs/${thirdAlloc.ID}?task=${Object.keys(thirdAlloc.TaskStates!)[0]}&type=stdout&plain=true&origin=end&offset=2000`,
        )
      ).text();
      expect(c).not.toBe(a);
    } finally {
      await other.close();
      await third.close();
    }
  });
});

async function startMockGet(path: string): Promise<Response> {
  const fresh = await startMock({ seed: 1, logRate: 0, now: () => FIXED_NOW });
  try {
    const res = await fresh.get(path);
    const body = await res.arrayBuffer();
    return new Response(body, { status: res.status });
  } finally {
    await fresh.close();
  }
}

describe('ACL', () => {
  it('denies with 403 by default; logs accept read-logs', async () => {
    const ha = await startMock({ seed: 1, acl: true, logRate: 0 });
    try {
      const nodeReader = { 'X-Nomad-Token': secretOf(ha, 'node reader') };
      for (const path of [
        `ls/${running.ID}`,
        `logs/${running.ID}?task=${task()}&type=stdout`,
        `cat/${running.ID}?path=x`,
      ]) {
        const r = await ha.get(`${FS}/${path}`, nodeReader);
        expect([r.status, await r.text()]).toEqual([403, 'Permission denied']);
      }
      const reader = { 'X-Nomad-Token': secretOf(ha, 'logs reader') };
      const ok = await ha.get(
        `${FS}/logs/${running.ID}?task=${task()}&type=stdout&plain=true&origin=end&offset=100`,
        reader,
      );
      expect(ok.status).toBe(200);
      expect((await ok.arrayBuffer()).byteLength).toBe(100);
    } finally {
      await ha.close();
    }
  });

  it('with fsDeniedAs500, streaming endpoints deny with a forwarded 500 while ls/stat stay 403', async () => {
    const ha = await startMock({ seed: 1, acl: true, logRate: 0, fsDeniedAs500: true });
    try {
      const nodeReader = { 'X-Nomad-Token': secretOf(ha, 'node reader') };
      expect(
        await (async () => {
          const r = await ha.get(`${FS}/ls/${running.ID}`, nodeReader);
          return [r.status, await r.text()];
        })(),
      ).toEqual([403, 'Permission denied']);
      const logsRes = await ha.get(`${FS}/logs/${running.ID}?task=${task()}&type=stdout`, nodeReader);
      expect([logsRes.status, await logsRes.text()]).toEqual([500, 'Permission denied']);
      const reader = { 'X-Nomad-Token': secretOf(ha, 'logs reader') };
      const ok = await ha.get(
        `${FS}/logs/${running.ID}?task=${task()}&type=stdout&plain=true&origin=end&offset=100`,
        reader,
      );
      expect(ok.status).toBe(200);
      expect((await ok.arrayBuffer()).byteLength).toBe(100);
      const anon = await ha.get(`${FS}/cat/${running.ID}?path=alloc/data/state.json`);
      expect(anon.status).toBe(500);
    } finally {
      await ha.close();
    }
  });
});

describe('control routes: a huge log history, and what a task wrote', () => {
  const other = () =>
    h.runtime.store
      .list('allocs')
      .find(
        (a) =>
          a.ID !== running.ID &&
          a.ClientStatus === 'running' &&
          a.Namespace === 'default' &&
          Object.values(a.TaskStates ?? {}).some((s) => s.State === 'running'),
      )!;
  const runningTask = (a: AllocationWire) => Object.entries(a.TaskStates!).find(([, s]) => s.State === 'running')![0];

  it('rotates in a history computed from the offset, which logs reads across files like any other', async () => {
    const a = other();
    const t = runningTask(a);
    const res = await h.post(`/__mock/logs/${a.ID}/${t}/huge?type=stdout&bytes=${64 << 20}&fileBytes=${4 << 20}`, '');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { Bytes: number }).Bytes).toBe(64 << 20);
    const list = (await (await h.get(`${FS}/ls/${a.ID}?path=alloc/logs`)).json()) as { Name: string; Size: number }[];
    const stdout = list.filter((f) => f.Name.startsWith(`${t}.stdout.`));
    expect(stdout.filter((f) => f.Size === 4 << 20).length).toBe(16);
    const tail = await (
      await h.get(`${FS}/logs/${a.ID}?task=${t}&type=stdout&plain=true&origin=end&offset=384`)
    ).text();
    const lines = tail.split('\n').slice(0, -1);
    expect(lines.length).toBe(3);
    expect(lines.every((l) => l.length === 127 && / line=\d+ id=[0-9a-f]{8}$/.test(l.trimEnd()))).toBe(true);
    const [, last] = / line=(\d+)/.exec(lines[2]!)!;
    expect(Number(last)).toBe((64 << 20) / 128 - 1);
    expect(
      (await h.post(`/__mock/logs/${a.ID}/${t}/huge?bytes=1&fileBytes=12`, '')).status,
      'fileBytes below one line',
    ).toBe(400);
  });

  it('`written` gives the records since a point, byte for byte what the log files hold', async () => {
    const a = other();
    const t = runningTask(a);
    const all = Buffer.from(await (await h.get(`${FS}/logs/${a.ID}?task=${t}&type=stderr&plain=true`)).arrayBuffer());
    const res = await h.get(`/__mock/logs/${a.ID}/${t}/written?type=stderr&from=0`);
    expect(res.status).toBe(200);
    const records = Number(res.headers.get('x-nomad-live-records'));
    expect(records).toBeGreaterThan(10);
    expect(Buffer.from(await res.arrayBuffer()).equals(all)).toBe(true);
    const some = Buffer.from(
      await (await h.get(`/__mock/logs/${a.ID}/${t}/written?type=stderr&from=5&to=8`)).arrayBuffer(),
    );
    expect(all.includes(some)).toBe(true);
    expect(some.toString().split('\n').length).toBeGreaterThanOrEqual(4);
    expect((await h.get(`/__mock/logs/${a.ID}/${t}/written?type=stderr&from=9&to=2`)).status).toBe(400);
  });
});
