import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { MockClusterOptions } from '../cluster.ts';
import { createRuntime, type MockRuntime } from '../runtime.ts';
import { FIXED_NOW } from '../test-harness.ts';
import type { AllocationWire } from '../wire.ts';

interface Server2 {
  runtime: MockRuntime;
  port: number;
  close(): Promise<void>;
}

async function start(acl: boolean, extra: MockClusterOptions = {}): Promise<Server2> {
  const runtime = createRuntime({ seed: 1, acl, now: () => FIXED_NOW, ...extra });
  const server: Server = createServer((req, res) => runtime.cluster.handle(req, res));
  server.on('upgrade', (req, socket, head) => {
    if (!runtime.cluster.upgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    runtime,
    port: (server.address() as AddressInfo).port,
    async close() {
      await runtime.cluster.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

interface Result {
  frames: string[];
  stdout: string;
  stderr: string;
  stdoutChunks: Buffer[];
  code: number;
  reason: string;
}

interface OpenOptions {
  query: Record<string, string>;
  headers?: Record<string, string>;
  /** Raw first frame; default a valid handshake with `token`. */
  handshake?: string | null;
  token?: string;
  /** Frames sent after the handshake. */
  send?: (string | { stdin: string } | 'EOF')[];
  /** Sent once the collected stdout contains the key. */
  when?: [string, string][];
  /** Called after every frame, with a way to send stdin. */
  onFrame?: (r: Result, type: (text: string) => void) => void;
}

function stdinFrame(text: string): string {
  return JSON.stringify({ stdin: { data: Buffer.from(text).toString('base64') } });
}

function exec(s: Server2, allocId: string, opts: OpenOptions): Promise<Result> {
  const q = new URLSearchParams({ ws_handshake: 'true', ...opts.query });
  const ws = new WebSocket(`ws://127.0.0.1:${s.port}/v1/client/allocation/${allocId}/exec?${q}`, {
    headers: opts.headers ?? {},
  });
  const result: Result = { frames: [], stdout: '', stderr: '', stdoutChunks: [], code: 0, reason: '' };
  const pending = [...(opts.when ?? [])];
  return new Promise((resolve, reject) => {
    ws.on('open', () => {
      if (opts.handshake !== null)
        ws.send(opts.handshake ?? JSON.stringify({ version: 1, auth_token: opts.token ?? '' }));
      for (const f of opts.send ?? []) {
        ws.send(f === 'EOF' ? '{"stdin":{"close":true}}' : typeof f === 'string' ? f : stdinFrame(f.stdin));
      }
    });
    ws.on('message', (data) => {
      const text = (data as Buffer).toString('utf8');
      result.frames.push(text);
      const f = JSON.parse(text) as Record<string, { data?: string }>;
      if (f['stdout']?.data) {
        const b = Buffer.from(f['stdout'].data, 'base64');
        result.stdoutChunks.push(b);
        result.stdout += b.toString('utf8');
      }
      if (f['stderr']?.data) result.stderr += Buffer.from(f['stderr'].data, 'base64').toString('utf8');
      while (pending.length > 0 && result.stdout.includes(pending[0]![0])) ws.send(stdinFrame(pending.shift()![1]));
      opts.onFrame?.(result, (t) => ws.send(stdinFrame(t)));
    });
    ws.on('close', (code, reason) => {
      result.code = code;
      result.reason = reason.toString();
      resolve(result);
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', () => {});
  });
}

function allocOf(s: Server2, pred: (a: AllocationWire) => boolean): AllocationWire {
  const a = s.runtime.store.list('allocs').find(pred);
  if (!a) throw new Error('no such alloc in the seed');
  return a;
}

const running = (job: string) => (a: AllocationWire) => a.JobID === job && a.ClientStatus === 'running';
const END = ['{"stdout":{"close":true}}', '{"stderr":{"close":true}}'];

describe('exec endpoint without ACLs', () => {
  let s: Server2;
  let envoy: AllocationWire;
  let nginx: AllocationWire;
  beforeAll(async () => {
    s = await start(false);
    envoy = allocOf(s, running('api-gateway'));
    nginx = allocOf(s, (a) => running('web-frontend')(a) && a.Namespace === 'default');
  });
  afterAll(() => s.close());

  const sh = (extra: Record<string, string> = {}) => ({
    task: 'envoy',
    tty: 'true',
    command: '["/bin/bash"]',
    ...extra,
  });

  it('runs an interactive tty shell, then sends the close frames and the exit frame and drops TCP (1006)', async () => {
    const r = await exec(s, envoy.ID, {
      query: sh(),
      send: ['{"tty_size":{"height":33,"width":101}}', '{}'],
      when: [
        ['/# ', 'echo hello $NOMAD_TASK_NAME\r'],
        ['hello envoy', 'stty size\r'],
        ['33 101', 'nosuch\r'],
        ['command not found', 'exit 3\r'],
      ],
    });
    // With a tty everything arrives on stdout.
    expect(r.stdout).toContain('bash: nosuch: command not found\r\n');
    expect(r.frames.some((f) => f.startsWith('{"stderr":{"data"'))).toBe(false);
    expect(r.stdout).toContain('echo hello $NOMAD_TASK_NAME\r\nhello envoy\r\n');
    expect(r.stdout).toContain('33 101\r\n');
    expect(r.frames.slice(-3)).toEqual([...END, '{"exited":true,"result":{"exit_code":3}}']);
    expect(r.code).toBe(1006);
  });

  it('omits exit_code for a zero exit, and keeps stdout and stderr apart without a tty', async () => {
    const ok = await exec(s, envoy.ID, { query: { task: 'envoy', command: '["ls","/"]' } });
    expect(ok.stdout).toBe('alloc\nbin\netc\nlocal\nsecrets\ntmp\nusr\n');
    expect(ok.frames.at(-1)).toBe('{"exited":true,"result":{}}');

    const r = await exec(s, envoy.ID, {
      query: { task: 'envoy', tty: 'false', command: '["/bin/sh"]' },
      send: [{ stdin: 'echo out\nnosuch\ncat\n' }, { stdin: 'passed through\n' }, 'EOF'],
    });
    expect(r.stdout).toBe('out\npassed through\n');
    expect(r.stderr).toBe('sh: nosuch: not found\n');
    expect(r.frames.at(-1)).toBe('{"exited":true,"result":{}}');
  });

  it.each([
    ['yes | head -n 3', 'y\ny\ny\n'],
    ['seq 1 100 | grep 7 | wc -l', '19\n'],
    ['seq 5 | sort -r | tail -n 2', '2\n1\n'],
    ['ls / | grep -c o', '2\n'],
  ])('runs the pipeline %s', async (script, expected) => {
    const r = await exec(s, envoy.ID, { query: { task: 'envoy', command: JSON.stringify(['/bin/sh', '-c', script]) } });
    expect(r.stdout).toBe(expected);
    expect(r.frames.at(-1)).toBe('{"exited":true,"result":{}}');
  });

  it('cuts output into frames of at most 1024 bytes', async () => {
    const r = await exec(s, envoy.ID, { query: { task: 'envoy', command: '["seq","1","20000"]' } });
    expect(Math.max(...r.stdoutChunks.map((c) => c.length))).toBe(1024);
    expect(r.stdout).toBe(`${Array.from({ length: 20000 }, (_, i) => i + 1).join('\n')}\n`);
  });

  it('interrupts a running command with Ctrl-C and reports 130', async () => {
    const r = await exec(s, envoy.ID, {
      query: sh(),
      when: [
        ['/# ', 'sleep 60\r'],
        ['sleep 60\r\n', '\x03'],
        ['^C', 'echo status=$?\r'],
        ['status=130', 'exit\r'],
      ],
    });
    expect(r.stdout).toContain('status=130');
    expect(r.frames.at(-1)).toBe('{"exited":true,"result":{}}');
  });

  it('follows a growing log with tail -f until Ctrl-C, and top redraws until q', async () => {
    let phase = 0;
    let before = 0;
    const r = await exec(s, envoy.ID, {
      query: sh(),
      onFrame: (res, type) => {
        if (phase === 0 && res.stdout.includes('/# ')) {
          phase = 1;
          type('tail -n 2 -f /alloc/logs/envoy.stdout.0\r');
        } else if (phase === 1 && res.stdout.split('\r\n').length >= 4) {
          phase = 2;
          before = res.stdout.split('\r\n').length;
          expect(s.runtime.fs.burst(envoy.ID, 'envoy', 'stdout', 40)).toBe(true);
        } else if (phase === 2 && res.stdout.split('\r\n').length >= before + 40) {
          phase = 3;
          type('\x03');
        } else if (phase === 3 && res.stdout.endsWith('/# ')) {
          phase = 4;
          type('top\r');
        } else if (phase === 4 && (res.stdout.match(/Tasks: /g) ?? []).length >= 2) {
          phase = 5;
          type('q');
        } else if (phase === 5 && res.stdout.endsWith('/# ')) {
          phase = 6;
          type('exit\r');
        }
      },
    });
    expect(phase).toBe(6);
    expect(r.stdout).toContain('\x1b[H\x1b[2J');
    expect(r.frames.at(-1)).toBe('{"exited":true,"result":{}}');
  });

  it('ends an interactive tty shell when stdin is closed', async () => {
    const closed = await exec(s, envoy.ID, { query: sh(), send: ['EOF'] });
    expect(closed.frames.at(-1)).toBe('{"exited":true,"result":{}}');
  });

  it('stops an endless pipeline (yes | grep y) with Ctrl-C and goes back to the prompt', async () => {
    let phase = 0;
    const r = await exec(s, envoy.ID, {
      query: sh(),
      onFrame: (res, type) => {
        if (phase === 0 && res.stdout.endsWith('/# ')) {
          phase = 1;
          type('yes | grep y\r');
        } else if (phase === 1 && res.stdout.length > 200_000) {
          phase = 2;
          type('\x03');
        } else if (phase === 2 && res.stdout.endsWith('/# ')) {
          phase = 3;
          type('echo status=$?; exit\r');
        }
      },
    });
    expect(phase).toBe(3);
    expect(r.stdout).toContain('status=130');
    expect(r.frames.at(-1)).toBe('{"exited":true,"result":{}}');
  });

  it('survives a client that goes away mid-stream and keeps serving', async () => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${s.port}/v1/client/allocation/${envoy.ID}/exec?task=envoy&command=${encodeURIComponent('["yes"]')}`,
    );
    await new Promise<void>((resolve) => {
      let bytes = 0;
      ws.on('message', (m: Buffer) => {
        bytes += m.length;
        if (bytes > 100_000) {
          ws.terminate();
          resolve();
        }
      });
    });
    const r = await exec(s, envoy.ID, { query: { task: 'envoy', command: '["hostname"]' } });
    expect(r.frames.at(-1)).toBe('{"exited":true,"result":{}}');
  });

  it('keeps typeahead: several lines pasted at once (even before the prompt) all run', async () => {
    const r = await exec(s, envoy.ID, { query: sh(), send: [{ stdin: 'echo one\recho two\rexit 4\r' }] });
    expect(r.stdout).toMatch(/one\r\n[^]*two\r\n/);
    expect(r.frames.at(-1)).toBe('{"exited":true,"result":{"exit_code":4}}');
  });

  it('fails /bin/bash on an Alpine image as Docker does, and /bin/sh works there', async () => {
    const r = await exec(s, nginx.ID, { query: { task: 'nginx', tty: 'true', command: '["/bin/bash"]' } });
    expect(r.stdout).toBe(
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "/bin/bash": stat /bin/bash: no such file or directory: unknown\r\n',
    );
    expect(r.frames.at(-1)).toBe('{"exited":true,"result":{"exit_code":126}}');
    const ok = await exec(s, nginx.ID, {
      query: { task: 'nginx', tty: 'true', command: '["/bin/sh"]' },
      when: [
        ['/ # ', 'bash\r'],
        ['not found', 'exit\r'],
      ],
    });
    expect(ok.stdout).toContain('sh: bash: not found');
  });

  it.each([
    [
      { ws_handshake: 'maybe' },
      undefined,
      1008,
      'ws_handshake value is not a boolean: strconv.ParseBool: parsing "maybe": invalid syntax',
    ],
    [{}, '{"version":2,"auth_token":""}', 1008, 'unexpected handshake value: 2'],
    [{}, 'hello', 1008, "invalid character 'h' looking for beginning of value"],
    [
      {},
      '{"version":"1"}',
      1008,
      'json: cannot unmarshal string into Go struct field wsHandshakeMessage.version of type int',
    ],
    [{ command: '[]' }, undefined, 1008, 'command is not present'],
    [
      { command: 'x' },
      undefined,
      1011,
      "failed to marshal command into json: invalid character 'x' looking for beginning of value",
    ],
    [{ command: '[' }, undefined, 1011, 'failed to marshal command into json: unexpected end of JSON input'],
    [
      { tty: 'maybe' },
      undefined,
      1011,
      'tty value is not a boolean: strconv.ParseBool: parsing "maybe": invalid syntax',
    ],
    [{ task: '' }, undefined, 1008, 'must provide task name'],
    [{ task: 'nope' }, undefined, 1011, 'task not found'],
  ])('closes %j / first frame %s with %i %s', async (query, handshake, code, reason) => {
    const r = await exec(s, envoy.ID, { query: { ...sh(), ...query }, ...(handshake ? { handshake } : {}) });
    expect([r.code, r.reason]).toEqual([code, reason]);
    expect(r.frames).toEqual([]);
  });

  it('refuses unknown, malformed and terminal allocations with Nomad texts', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    let r = await exec(s, unknown, { query: sh() });
    expect([r.code, r.reason]).toEqual([1008, `Unknown allocation "${unknown}"`]);
    r = await exec(s, 'abc', { query: sh() });
    expect([r.code, r.reason]).toEqual([1011, 'alloc lookup failed: UUID must be 36 characters']);
    const done = allocOf(s, (a) => a.JobID === 'db-migrate' && a.ClientStatus === 'complete');
    r = await exec(s, done.ID, { query: { ...sh(), task: 'migrate' } });
    expect([r.code, r.reason]).toEqual([1008, `exec not possible, client status of allocation ${done.ID} is complete`]);
  });

  it('says when the task has not started or is no longer running', async () => {
    const a = allocOf(s, running('log-shipper'));
    const state = a.TaskStates!['vector']!;
    s.runtime.store.commit('AllocationUpdated', (txn) =>
      txn.put('allocs', a.ID, { ...a, TaskStates: { vector: { ...state, State: 'dead' } } }),
    );
    let r = await exec(s, a.ID, { query: { ...sh(), task: 'vector' } });
    expect([r.code, r.reason]).toEqual([1008, 'task "vector" is not running.']);
    s.runtime.store.commit('AllocationUpdated', (txn) =>
      txn.put('allocs', a.ID, { ...a, TaskStates: { vector: { ...state, State: 'pending', StartedAt: null } } }),
    );
    r = await exec(s, a.ID, { query: { ...sh(), task: 'vector' } });
    expect([r.code, r.reason]).toEqual([1008, 'task "vector" not started yet.']);
  });

  it('ends the session with 1011 on a bad input frame', async () => {
    const r = await exec(s, envoy.ID, { query: sh(), send: ['{"stdin":{"data":"!!!!"}}'] });
    expect([r.code, r.reason]).toEqual([1011, 'illegal base64 data at input byte 0']);
  });

  it('answers a cross-origin upgrade with 403 and a plain GET with 400', async () => {
    await expect(exec(s, envoy.ID, { query: sh(), headers: { Origin: 'http://evil.example' } })).rejects.toThrow(
      'HTTP 403',
    );
    const res = await fetch(`http://127.0.0.1:${s.port}/v1/client/allocation/${envoy.ID}/exec?task=envoy`);
    expect([res.status, await res.text()]).toEqual([400, 'Bad Request\n']);
  });
});

describe('exec endpoint with ACLs', () => {
  let s: Server2;
  const secret = (name: string) => s.runtime.cluster.tokens.find((t) => t.name === name)!.secretId;
  beforeAll(async () => {
    s = await start(true);
  });
  afterAll(() => s.close());

  const q = { task: 'envoy', command: '["whoami"]' };

  it('needs alloc-exec: a token without it, an unknown token and no token get 1011 Permission denied', async () => {
    const envoy = allocOf(s, running('api-gateway'));
    for (const token of [secret('logs reader'), 'c0ffee00-0000-4000-8000-000000000000', '']) {
      const r = await exec(s, envoy.ID, { query: q, token });
      expect([r.code, r.reason]).toEqual([1011, 'Permission denied']);
    }
    const ok = await exec(s, envoy.ID, { query: q, token: secret('Management Token') });
    expect(ok.stdout).toBe('root\n');
  });

  it('takes the token from X-Nomad-Token without a handshake, and refuses a handshake that disagrees with it', async () => {
    const envoy = allocOf(s, running('api-gateway'));
    const headers = { 'X-Nomad-Token': secret('Management Token') };
    const ok = await exec(s, envoy.ID, { query: { ...q, ws_handshake: 'false' }, headers, handshake: null });
    expect(ok.stdout).toBe('root\n');
    const r = await exec(s, envoy.ID, { query: q, headers, token: secret('logs reader') });
    expect([r.code, r.reason]).toEqual([1008, 'handshake auth token mismatched auth header token']);
  });

  it('also needs alloc-node-exec for raw_exec tasks', async () => {
    // The logs reader's policy, widened to alloc-exec (but not alloc-node-exec).
    const policy = s.runtime.store.get('acl_policy', 'default-logs')!;
    s.runtime.store.commit('ACLPolicyUpserted', (txn) =>
      txn.put('acl_policy', 'default-logs', {
        ...policy,
        Rules: 'namespace "default" {\n  capabilities = ["read-job", "alloc-exec"]\n}\n',
        ModifyIndex: txn.index,
      }),
    );
    const a = allocOf(s, running('log-shipper'));
    const query = { task: 'vector', command: '["hostname"]' };
    const ok = await exec(s, a.ID, { query, token: secret('logs reader') });
    expect(ok.frames.at(-1)).toBe('{"exited":true,"result":{}}');
    const job = {
      ...a.Job,
      TaskGroups: a.Job.TaskGroups!.map((g) => ({ ...g, Tasks: g.Tasks.map((t) => ({ ...t, Driver: 'raw_exec' })) })),
    };
    s.runtime.store.commit('AllocationUpdated', (txn) => txn.put('allocs', a.ID, { ...a, Job: job }));
    const denied = await exec(s, a.ID, { query, token: secret('logs reader') });
    expect([denied.code, denied.reason]).toEqual([1011, 'Permission denied']);
    const mgmt = await exec(s, a.ID, { query, token: secret('Management Token') });
    expect(mgmt.frames.at(-1)).toBe('{"exited":true,"result":{}}');
  });
});

describe('exec endpoint as Nomad ≤2.0.2, with a normal close after exit', () => {
  let s: Server2;
  beforeAll(async () => {
    s = await start(true, { execVersion: 'legacy', execExitClose: 'normal' });
  });
  afterAll(() => s.close());

  it('answers a bad command with HTTP 500 before the upgrade and skips the token mismatch check', async () => {
    const envoy = allocOf(s, running('api-gateway'));
    await expect(exec(s, envoy.ID, { query: { task: 'envoy', command: 'x' } })).rejects.toThrow('HTTP 500');
    const mgmt = s.runtime.cluster.managementToken!;
    const r = await exec(s, envoy.ID, {
      query: { task: 'envoy', command: '["pwd"]' },
      headers: { 'X-Nomad-Token': 'c0ffee00-0000-4000-8000-000000000000' },
      token: mgmt,
    });
    expect(r.stdout).toBe('/\n');
    expect(r.frames.at(-1)).toBe('{"exited":true,"result":{}}');
    expect(r.code).toBe(1000);
  });
});
