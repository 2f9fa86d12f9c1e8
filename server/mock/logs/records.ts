/**
 * Deterministic log records: record `k` of a stream is a pure function of the stream's
 * seed and `k`, so any byte range of any log file (rotated or live) can be regenerated on
 * demand and the mock never holds log contents in memory. A record is one line, or a few
 * lines for stack traces; it always ends with `\n`.
 *
 * The mix exercises a log viewer: plain lines, ANSI colours (16, 256, truecolor, bold,
 * underline), multi-byte UTF-8 (CJK, emoji), JSON lines, rare 100 KB lines; stderr gets
 * warnings, errors and multi-line stack traces. Timestamps inside the text are the
 * application's own (Nomad adds none) and advance by a nominal period per record.
 */

export type LogType = 'stdout' | 'stderr';

export interface RecordStreamSpec {
  seed: number;
  task: string;
  type: LogType;
  /** Unix ms of record 0's timestamp. */
  startMs: number;
  /** Nominal gap between records' timestamps (1000 / the writer's rate). */
  periodMs: number;
}

/** One 32-bit hash step (murmur3 finaliser) mixing a value into a state. */
function mix(h: number, v: number): number {
  let x = (h ^ Math.imul(v | 0, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

export function hashString(seed: number, s: string): number {
  let h = mix(0x811c9dc5, seed);
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

/** A tiny PRNG for one record (mulberry32). */
function recordRng(streamSeed: number, k: number): () => number {
  let a = mix(mix(streamSeed, k), Math.floor(k / 4294967296));
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = [
  '/api/v1/items',
  '/api/v1/orders',
  '/healthz',
  '/api/v1/users/me',
  '/static/app.js',
  '/metrics',
  '/login',
];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = [200, 200, 200, 200, 201, 204, 301, 304, 400, 404, 500, 503];
const COMPONENTS = ['http', 'db', 'cache', 'worker', 'scheduler', 'auth', 'grpc'];
const MESSAGES = [
  'request completed',
  'connection pool resized',
  'cache miss, fetching from origin',
  'job picked up from queue',
  'flushed batch to storage',
  'user session refreshed',
  'config reloaded from local/app.yaml',
  'health check passed',
];
const UNICODE = [
  '用户登录成功 (user login ok)',
  'ユーザーがログインしました 🎉',
  '사용자 요청 처리 완료 ✅',
  'Größe überschritten — Ärger vermieden',
  'emoji burst 🚀🔥💾🐳🦀 done',
  '数据库连接池已满，等待中… ⏳',
  'combining marks: é (e\u0301) and flags 🇯🇵🇫🇷',
  'zero-width joiner family 👩‍👩‍👧‍👦 and skin tones 👍🏽',
];
const WARNINGS = [
  'deprecated config key "listen_addr", use "bind_addr"',
  'slow query took 1.8s: SELECT * FROM orders WHERE status = $1',
  'retrying upstream request (attempt 2/5)',
  'memory usage at 87% of limit',
  'certificate expires in 9 days',
];

/** Nominal time of record `k` (its text adds up to one period of jitter). */
export function recordTime(spec: RecordStreamSpec, k: number): number {
  return Math.floor(spec.startMs + k * spec.periodMs);
}

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

function timestamp(spec: RecordStreamSpec, k: number, r: () => number): string {
  return new Date(recordTime(spec, k) + Math.floor(r() * spec.periodMs)).toISOString();
}

function stackTrace(r: () => number, ts: string, task: string): string {
  const kind = Math.floor(r() * 3);
  if (kind === 0) {
    return (
      `${ts} panic: runtime error: invalid memory address or nil pointer dereference\n` +
      `[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x4a1f2c]\n\n` +
      `goroutine 42 [running]:\n` +
      `main.(*Handler).ServeHTTP(0x0, {0xa3c4e0, 0xc0001a2000}, 0xc000190100)\n` +
      `\t/src/${task}/handler.go:88 +0x2c\n` +
      `net/http.serverHandler.ServeHTTP({0xc0000a6000}, {0xa3c4e0, 0xc0001a2000}, 0xc000190100)\n` +
      `\t/usr/local/go/src/net/http/server.go:3142 +0x8e\n`
    );
  }
  if (kind === 1) {
    return (
      `${ts} ERROR Unhandled exception in worker thread\n` +
      `Traceback (most recent call last):\n` +
      `  File "/app/${task}/worker.py", line 214, in run\n` +
      `    result = self.process(item)\n` +
      `  File "/app/${task}/worker.py", line 131, in process\n` +
      `    return payload["id"]\n` +
      `KeyError: 'id'\n`
    );
  }
  return (
    `${ts} ERROR [main] com.example.${task}.Server - request failed\n` +
    `java.lang.IllegalStateException: connection closed\n` +
    `\tat com.example.${task}.db.Pool.acquire(Pool.java:77)\n` +
    `\tat com.example.${task}.api.Orders.list(Orders.java:142)\n` +
    `\tat java.base/java.lang.Thread.run(Thread.java:1583)\n` +
    `Caused by: java.net.SocketException: Connection reset\n` +
    `\t... 3 more\n`
  );
}

function longLine(r: () => number, ts: string): string {
  const unit = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const start = Math.floor(r() * unit.length);
  const body = (unit.slice(start) + unit.slice(0, start)).repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
  return `${ts} DEBUG dumping request payload (100000 bytes) payload=${body} end-of-payload\n`;
}

/** Record `k` of the stream described by `spec`, as text ending in `\n`. */
export function logRecord(spec: RecordStreamSpec, streamSeed: number, k: number): string {
  const r = recordRng(streamSeed, k);
  const ts = timestamp(spec, k, r);
  const roll = r();
  if (roll < 0.0007) return longLine(r, ts);
  if (spec.type === 'stderr') {
    if (roll < 0.12) return stackTrace(r, ts, spec.task);
    if (roll < 0.55) return `${ts} WARN  [${pick(r, COMPONENTS)}] ${pick(r, WARNINGS)}\n`;
    if (roll < 0.7) return `\x1b[33m${ts} WARN \x1b[0m ${pick(r, WARNINGS)}\n`;
    if (roll < 0.8) return `\x1b[1;31m${ts} ERROR\x1b[0m [${pick(r, COMPONENTS)}] upstream returned 503\n`;
    return `${ts} INFO  [${pick(r, COMPONENTS)}] ${pick(r, MESSAGES)} (stderr)\n`;
  }
  if (roll < 0.1) {
    const colour = pick(r, ['\x1b[32m', '\x1b[36m', '\x1b[38;5;208m', '\x1b[38;2;255;105;180m', '\x1b[4;34m']);
    return `\x1b[90m${ts}\x1b[0m ${colour}INFO\x1b[0m \x1b[1m[${pick(r, COMPONENTS)}]\x1b[0m ${pick(r, MESSAGES)}\n`;
  }
  if (roll < 0.18) {
    const line = {
      latency_ms: Math.floor(r() * 900),
      level: pick(r, ['info', 'info', 'debug', 'warn']),
      msg: pick(r, MESSAGES),
      request_id: Math.floor(r() * 0xffffffff)
        .toString(16)
        .padStart(8, '0'),
      ts,
    };
    return `${JSON.stringify(line)}\n`;
  }
  if (roll < 0.23) return `${ts} INFO  [i18n] ${pick(r, UNICODE)}\n`;
  if (roll < 0.6) {
    const ip = `10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`;
    const status = pick(r, STATUSES);
    return `${ip} - - [${ts}] "${pick(r, METHODS)} ${pick(r, PATHS)} HTTP/1.1" ${status} ${Math.floor(r() * 40000)} "-" "curl/8.5.0"\n`;
  }
  return `${ts} INFO  [${pick(r, COMPONENTS)}] ${pick(r, MESSAGES)} seq=${k}\n`;
}
