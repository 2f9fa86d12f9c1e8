/**
 * The commands of the simulated shell. Each is `(args, io, state) → exit status`; output
 * goes through `io` (which waits on socket backpressure) and every loop watches
 * `io.signal` so Ctrl-C or a closed session stops it.
 */
import type { AllocationWire } from '../wire.ts';
import type { Io } from './terminal.ts';
import { resolvePath, ShellFsError, type Entry, type TaskFacts, type TaskFs } from './task-world.ts';

export interface ShellState {
  cwd: string;
  env: Map<string, string>;
  status: number;
  history: string[];
  readonly fs: TaskFs;
  readonly facts: TaskFacts;
  readonly alloc: AllocationWire;
  readonly taskName: string;
  readonly now: () => number;
  readonly sessionStartMs: number;
  /** A child shell: its own cwd, env and status, shared history. */
  fork(): ShellState;
}

export type Program = (args: string[], io: Io, state: ShellState) => Promise<number>;

function fsErr(cmd: string, path: string, err: unknown): string {
  if (err instanceof ShellFsError) return `${cmd}: ${path}: ${err.message}\n`;
  throw err;
}

/** Splits `-abc` style flags from operands (stops at `--`). */
function flags(args: string[]): { opts: Set<string>; rest: string[] } {
  const opts = new Set<string>();
  const rest: string[] = [];
  let done = false;
  for (const a of args) {
    if (!done && a === '--') done = true;
    else if (!done && /^-[A-Za-z]+$/.test(a)) for (const c of a.slice(1)) opts.add(c);
    else rest.push(a);
  }
  return { opts, rest };
}

function human(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G', 'T'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)}${units[u]}`;
}

function lsDate(ms: number): string {
  const d = new Date(ms);
  const mon = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `${mon} ${String(d.getUTCDate()).padStart(2)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

const COLOR_DIR = '\x1b[1;34m';
const COLOR_EXE = '\x1b[1;32m';
const RESET = '\x1b[0m';

function colorName(e: Entry, tty: boolean): string {
  if (!tty) return e.name;
  if (e.isDir) return `${COLOR_DIR}${e.name}${RESET}`;
  if (e.mode.includes('x')) return `${COLOR_EXE}${e.name}${RESET}`;
  return e.name;
}

const ls: Program = async (args, io, st) => {
  const { opts, rest } = flags(args);
  const targets = rest.length > 0 ? rest : ['.'];
  let status = 0;
  for (const [n, target] of targets.entries()) {
    const abs = resolvePath(st.cwd, target);
    let entries: Entry[];
    try {
      const self = st.fs.stat(abs);
      entries = self.isDir && !opts.has('d') ? st.fs.list(abs) : [{ ...self, name: target }];
    } catch (err) {
      await io.err(fsErr('ls', `cannot access '${target}'`, err));
      status = 2;
      continue;
    }
    if (!opts.has('a')) entries = entries.filter((e) => !e.name.startsWith('.'));
    if (targets.length > 1) await io.out(`${n > 0 ? '\n' : ''}${target}:\n`);
    if (opts.has('l')) {
      const lines = entries.map((e) => {
        const size = opts.has('h') ? human(e.size) : String(e.size);
        return `${e.mode} 1 ${st.facts.user.padEnd(6)} ${st.facts.user.padEnd(6)} ${size.padStart(9)} ${lsDate(e.mtimeMs)} ${colorName(e, io.tty)}`;
      });
      await io.out(`total ${entries.length * 4}\n${lines.map((l) => `${l}\n`).join('')}`);
    } else if (io.tty && !opts.has('1')) {
      const width = Math.max(1, ...entries.map((e) => e.name.length)) + 2;
      const perRow = Math.max(1, Math.floor(io.size().cols / width));
      let out = '';
      entries.forEach((e, i) => {
        out += colorName(e, true) + ' '.repeat(width - e.name.length);
        if ((i + 1) % perRow === 0 || i === entries.length - 1) out = `${out.trimEnd()}\n`;
      });
      await io.out(out);
    } else {
      await io.out(entries.map((e) => `${e.name}\n`).join(''));
    }
  }
  return status;
};

const cd: Program = async (args, io, st) => {
  const target = args[0] ?? st.env.get('HOME') ?? '/';
  const abs = resolvePath(st.cwd, target === '-' ? (st.env.get('OLDPWD') ?? st.cwd) : target);
  try {
    if (!st.fs.stat(abs).isDir) throw new ShellFsError('ENOTDIR');
  } catch (err) {
    await io.err(fsErr('cd', target, err).replace(/^cd/, `${st.facts.hasBash ? 'bash' : 'sh'}: cd`));
    return 1;
  }
  st.env.set('OLDPWD', st.cwd);
  st.cwd = abs;
  st.env.set('PWD', abs);
  return 0;
};

/** Copies stdin to stdout until EOF (cat/head/tail without files). */
async function passStdin(io: Io, limitLines = Infinity): Promise<number> {
  let lines = 0;
  for (;;) {
    if (io.tty) {
      const line = await io.readLine();
      if (line === null) return 0;
      await io.out(line);
      if (++lines >= limitLines) return 0;
    } else {
      const chunk = await io.readChunk();
      if (chunk === null) return 0;
      await io.out(chunk);
    }
  }
}

const cat: Program = async (args, io, st) => {
  const { rest } = flags(args);
  if (rest.length === 0 || (rest.length === 1 && rest[0] === '-')) return passStdin(io);
  let status = 0;
  for (const f of rest) {
    try {
      const abs = resolvePath(st.cwd, f);
      const size = st.fs.stat(abs).size;
      for (let off = 0; off < Math.max(size, 1) && !io.signal.aborted; off += 256 * 1024) {
        const chunk = st.fs.read(abs, off, 256 * 1024);
        if (chunk.length === 0) break;
        await io.out(chunk);
      }
    } catch (err) {
      await io.err(fsErr('cat', f, err));
      status = 1;
    }
  }
  return status;
};

function countArg(args: string[]): { n: number; rest: string[]; follow: boolean } {
  let n = 10;
  let follow = false;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n') n = Number.parseInt(args[++i] ?? '10', 10);
    else if (/^-n\d+$/.test(a)) n = Number.parseInt(a.slice(2), 10);
    else if (/^-\d+$/.test(a)) n = Number.parseInt(a.slice(1), 10);
    else if (a === '-f' || a === '-F') follow = true;
    else rest.push(a);
  }
  return { n: Number.isNaN(n) ? 10 : n, rest, follow };
}

/** Reads stdin to EOF as lines (tail, sort, wc over a pipe). */
async function stdinLines(io: Io): Promise<string[]> {
  const lines: string[] = [];
  for (;;) {
    const line = await io.readLine();
    if (line === null) return lines;
    lines.push(line.replace(/\n$/, ''));
  }
}

const head: Program = async (args, io, st) => {
  const { n, rest } = countArg(args);
  if (rest.length === 0) {
    for (let i = 0; i < n; i++) {
      const line = await io.readLine();
      if (line === null) break;
      await io.out(line);
    }
    return 0;
  }
  try {
    const abs = resolvePath(st.cwd, rest[0]!);
    const text = st.fs.read(abs, 0, 4 * 1024 * 1024).toString('utf8');
    const lines = text.split('\n');
    const out = lines.slice(0, n).join('\n');
    await io.out(lines.length > n ? `${out}\n` : out);
    return 0;
  } catch (err) {
    await io.err(fsErr('head', `cannot open '${rest[0]}' for reading`, err));
    return 1;
  }
};

const tail: Program = async (args, io, st) => {
  const { n, rest, follow } = countArg(args);
  const f = rest[0];
  if (f === undefined) {
    const lines = await stdinLines(io);
    await io.out(
      lines
        .slice(Math.max(0, lines.length - n))
        .map((l) => `${l}\n`)
        .join(''),
    );
    return 0;
  }
  const abs = resolvePath(st.cwd, f);
  let offset: number;
  try {
    const size = st.fs.stat(abs).size;
    const start = Math.max(0, size - 256 * 1024);
    const text = st.fs.read(abs, start, size - start).toString('utf8');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const out = lines.slice(Math.max(0, lines.length - n));
    await io.out(out.length > 0 ? `${out.join('\n')}\n` : '');
    offset = size;
  } catch (err) {
    await io.err(fsErr('tail', `cannot open '${f}' for reading`, err));
    return 1;
  }
  if (!follow) return 0;
  // Follow: wake on appends/truncation from the log writers, like inotify-driven tail -f.
  let wake: (() => void) | undefined;
  let truncated = false;
  const stop = st.fs.watch(abs, (change) => {
    if (change === 'truncate') truncated = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  io.signal.addEventListener('abort', onAbort);
  try {
    while (!io.signal.aborted) {
      let size: number;
      try {
        size = st.fs.stat(abs).size;
      } catch {
        await io.err(`tail: '${f}' has become inaccessible: No such file or directory\n`);
        return 1;
      }
      if (truncated || size < offset) {
        truncated = false;
        await io.err(`tail: ${f}: file truncated\n`);
        offset = 0;
      }
      if (size > offset) {
        const chunk = st.fs.read(abs, offset, size - offset);
        offset += chunk.length;
        await io.out(chunk);
        continue;
      }
      // Watch notifications are synchronous, so none can slip in between the size check and here.
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
    return 130;
  } finally {
    io.signal.removeEventListener('abort', onAbort);
    stop();
  }
};

function unescape(s: string): string {
  return s.replace(/\\(e|033|x1b|n|t|r|a|b|\\|0([0-7]{1,3}))/g, (m, code: string, oct?: string) => {
    if (code === 'e' || code === '033' || code === 'x1b') return '\x1b';
    if (oct !== undefined) return String.fromCharCode(Number.parseInt(oct, 8));
    return ({ n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', '\\': '\\' } as Record<string, string>)[code] ?? m;
  });
}

const echo: Program = async (args, io) => {
  let newline = true;
  let escapes = false;
  let i = 0;
  while (i < args.length && /^-[neE]+$/.test(args[i]!)) {
    if (args[i]!.includes('n')) newline = false;
    if (args[i]!.includes('e')) escapes = true;
    i++;
  }
  const text = args.slice(i).join(' ');
  await io.out((escapes ? unescape(text) : text) + (newline ? '\n' : ''));
  return 0;
};

const printf: Program = async (args, io) => {
  const [format, ...values] = args;
  if (format === undefined) {
    await io.err('printf: usage: printf format [arguments]\n');
    return 2;
  }
  let out = '';
  let vi = 0;
  do {
    out += unescape(format).replace(/%(-?\d*)([sdbx%])/g, (_m, width: string, conv: string) => {
      if (conv === '%') return '%';
      const raw = values[vi++] ?? '';
      let v = raw;
      if (conv === 'd') v = String(Number.parseInt(raw || '0', 10) || 0);
      if (conv === 'x') v = (Number.parseInt(raw || '0', 10) || 0).toString(16);
      if (conv === 'b') v = unescape(raw);
      const w = Number.parseInt(width || '0', 10);
      return w < 0 ? v.padEnd(-w) : v.padStart(w);
    });
  } while (vi > 0 && vi < values.length);
  await io.out(out);
  return 0;
};

const env: Program = async (_args, io, st) => {
  await io.out([...st.env].map(([k, v]) => `${k}=${v}\n`).join(''));
  return 0;
};

const printenv: Program = async (args, io, st) => {
  if (args.length === 0) return env(args, io, st);
  const v = st.env.get(args[0]!);
  if (v === undefined) return 1;
  await io.out(`${v}\n`);
  return 0;
};

const seq: Program = async (args, io) => {
  const nums = args.map(Number);
  if (nums.length === 0 || nums.some((n) => Number.isNaN(n))) {
    await io.err(
      nums.length === 0
        ? 'seq: missing operand\n'
        : `seq: invalid floating point argument: '${args.find((a) => Number.isNaN(Number(a)))}'\n`,
    );
    return 1;
  }
  const [first, step, last] =
    nums.length === 1 ? [1, 1, nums[0]!] : nums.length === 2 ? [nums[0]!, 1, nums[1]!] : [nums[0]!, nums[1]!, nums[2]!];
  if (step === 0) {
    await io.err("seq: invalid Zero increment value: '0'\n");
    return 1;
  }
  let i = first;
  const more = () => (step > 0 ? i <= last : i >= last);
  while (more()) {
    if (io.signal.aborted) return 130;
    let batch = '';
    while (more() && batch.length < 64 * 1024) {
      batch += `${i}\n`;
      i += step;
    }
    await io.out(batch);
  }
  return 0;
};

const yes: Program = async (args, io) => {
  const line = `${args.length > 0 ? args.join(' ') : 'y'}\n`;
  const batch = line.repeat(Math.max(1, Math.floor((64 * 1024) / line.length)));
  while (!io.signal.aborted) await io.out(batch);
  return 130;
};

const sleep: Program = async (args, io) => {
  const secs = Number.parseFloat((args[0] ?? '').replace(/s$/, ''));
  if (Number.isNaN(secs)) {
    await io.err(args[0] === undefined ? 'sleep: missing operand\n' : `sleep: invalid time interval '${args[0]}'\n`);
    return 1;
  }
  await io.sleep(secs * 1000);
  return io.signal.aborted ? 130 : 0;
};

const stty: Program = async (args, io) => {
  if (!io.tty) {
    await io.err("stty: 'standard input': Inappropriate ioctl for device\n");
    return 1;
  }
  const { rows, cols } = io.size();
  if (args[0] === 'size') await io.out(`${rows} ${cols}\n`);
  else await io.out(`speed 38400 baud; rows ${rows}; columns ${cols}; line = 0;\n`);
  return 0;
};

function processes(st: ShellState): { pid: number; user: string; cpu: number; mem: number; cmd: string }[] {
  const cfg = st.alloc.Job.TaskGroups?.find((g) => g.Name === st.alloc.TaskGroup)?.Tasks.find(
    (t) => t.Name === st.taskName,
  )?.Config;
  const main = [cfg?.['command'], ...(((cfg?.['args'] as unknown[]) ?? []) as string[])]
    .filter((x) => typeof x === 'string')
    .join(' ');
  const t = (st.now() - st.sessionStartMs) / 1000;
  const wobble = (k: number) => Math.abs(Math.sin(t / 3 + k)) * 12;
  return [
    {
      pid: 1,
      user: st.facts.user,
      cpu: 3 + wobble(1),
      mem: 4.2,
      cmd: main || st.facts.image.split(':')[0] || st.taskName,
    },
    { pid: 7, user: st.facts.user, cpu: wobble(2) / 4, mem: 0.8, cmd: 'worker --threads 4' },
    { pid: 42, user: st.facts.user, cpu: 0, mem: 0.1, cmd: st.facts.hasBash ? '/bin/bash' : '/bin/sh' },
    { pid: 57, user: st.facts.user, cpu: 0, mem: 0.1, cmd: 'ps' },
  ];
}

const ps: Program = async (_args, io, st) => {
  const rows = processes(st).map(
    (p) => `${String(p.pid).padStart(5)} ${p.user.padEnd(8)} ${'0:00'.padStart(5)} ${p.cmd}\n`,
  );
  await io.out(`  PID USER      TIME  COMMAND\n${rows.join('')}`);
  return 0;
};

const top: Program = async (args, io, st) => {
  const batch = args.includes('-b') || !io.tty;
  const nIdx = args.indexOf('-n');
  const iterations = nIdx !== -1 ? Number.parseInt(args[nIdx + 1] ?? '1', 10) : batch ? 1 : Infinity;
  let quit = false;
  const release = io.onKey((k) => {
    if (k === 'q' || k === '\x03') quit = true;
  });
  try {
    for (let i = 0; i < iterations && !quit && !io.signal.aborted; i++) {
      const ps = processes(st).filter((p) => p.cmd !== 'ps');
      ps[ps.length - 1] = { ...ps[ps.length - 1]!, cmd: 'top' };
      const uptime = Math.floor((st.now() - st.sessionStartMs) / 1000);
      const screen =
        `top - ${new Date(st.now()).toISOString().slice(11, 19)} up ${uptime}s,  load average: 0.${(i % 7) + 1}0, 0.35, 0.30\n` +
        `Tasks: ${ps.length} total,   1 running, ${ps.length - 1} sleeping\n\n` +
        `  PID USER      %CPU  %MEM COMMAND\n` +
        ps
          .map(
            (p) =>
              `${String(p.pid).padStart(5)} ${p.user.padEnd(8)} ${p.cpu.toFixed(1).padStart(5)} ${p.mem.toFixed(1).padStart(5)} ${p.cmd}\n`,
          )
          .join('');
      await io.out(batch ? `${screen}\n` : `\x1b[H\x1b[2J${screen}`);
      if (i + 1 < iterations) await io.sleep(1000);
    }
  } finally {
    release();
  }
  return 0;
};

/** Lines of the named files, or of stdin without any. */
async function inputLines(cmd: string, files: string[], io: Io, st: ShellState): Promise<string[] | undefined> {
  if (files.length === 0) return stdinLines(io);
  const lines: string[] = [];
  for (const f of files) {
    try {
      const text = st.fs.read(resolvePath(st.cwd, f), 0, 16 * 1024 * 1024).toString('utf8');
      lines.push(...text.replace(/\n$/, '').split('\n'));
    } catch (err) {
      await io.err(fsErr(cmd, f, err));
      return undefined;
    }
  }
  return lines;
}

const grep: Program = async (args, io, st) => {
  const { opts, rest } = flags(args);
  const [pattern, ...files] = rest;
  if (pattern === undefined) {
    await io.err('Usage: grep [-ivc] PATTERN [FILE]...\n');
    return 2;
  }
  let re: RegExp;
  try {
    re = new RegExp(pattern, opts.has('i') ? 'i' : '');
  } catch {
    await io.err(`grep: invalid regular expression '${pattern}'\n`);
    return 2;
  }
  const keep = (l: string) => re.test(l) !== opts.has('v');
  let hits = 0;
  if (files.length === 0) {
    // Streams, so `yes | grep y` runs in constant memory until Ctrl-C.
    while (!io.signal.aborted) {
      const line = await io.readLine();
      if (line === null) break;
      if (!keep(line.replace(/\n$/, ''))) continue;
      hits++;
      if (!opts.has('c')) await io.out(line.endsWith('\n') ? line : `${line}\n`);
    }
  } else {
    const lines = await inputLines('grep', files, io, st);
    if (lines === undefined) return 2;
    const found = lines.filter(keep);
    hits = found.length;
    if (!opts.has('c')) await io.out(found.map((l) => `${l}\n`).join(''));
  }
  if (opts.has('c')) await io.out(`${hits}\n`);
  return hits > 0 ? 0 : 1;
};

const wc: Program = async (args, io, st) => {
  const { opts, rest } = flags(args);
  const lines = await inputLines('wc', rest, io, st);
  if (lines === undefined) return 1;
  const text = lines.map((l) => `${l}\n`).join('');
  const counts: [string, number][] = [
    ['l', lines.length],
    ['w', text.split(/\s+/).filter(Boolean).length],
    ['c', Buffer.byteLength(text)],
  ];
  const shown = counts.filter(([k]) => opts.size === 0 || opts.has(k)).map(([, v]) => v);
  await io.out(`${shown.join(' ')}\n`);
  return 0;
};

const sort: Program = async (args, io, st) => {
  const { opts, rest } = flags(args);
  const lines = await inputLines('sort', rest, io, st);
  if (lines === undefined) return 2;
  lines.sort(opts.has('n') ? (a, b) => Number.parseFloat(a) - Number.parseFloat(b) : undefined);
  if (opts.has('r')) lines.reverse();
  await io.out(lines.map((l) => `${l}\n`).join(''));
  return 0;
};

const simple =
  (text: (st: ShellState) => string): Program =>
  async (_a, io, st) => {
    await io.out(text(st));
    return 0;
  };

const history: Program = async (_a, io, st) => {
  await io.out(st.history.map((h, i) => `${String(i + 1).padStart(5)}  ${h}\n`).join(''));
  return 0;
};

const exportCmd: Program = async (args, _io, st) => {
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq > 0) st.env.set(a.slice(0, eq), a.slice(eq + 1));
  }
  return 0;
};

const unset: Program = async (args, _io, st) => {
  for (const a of args) st.env.delete(a);
  return 0;
};

const which: Program = async (args, io, st) => {
  let status = 0;
  for (const a of args) {
    if (st.fs.binaries.includes(a)) await io.out(`/bin/${a}\n`);
    else status = 1;
  }
  return status;
};

const date: Program = simple((st) => `${new Date(st.now()).toUTCString().replace('GMT', 'UTC')}\n`);

const help: Program = simple(
  () =>
    `Simulated shell of the nomad-live mock (no host shell is involved).\n` +
    `Commands: ${Object.keys(PROGRAMS).sort().join(' ')} exit sh\n` +
    `Pipes work (a | b); redirections and job control do not.\n`,
);

export const PROGRAMS: Record<string, Program> = {
  ls,
  cd,
  pwd: simple((st) => `${st.cwd}\n`),
  cat,
  head,
  tail,
  echo,
  printf,
  env,
  printenv,
  whoami: simple((st) => `${st.facts.user}\n`),
  id: simple((st) =>
    st.facts.user === 'root'
      ? 'uid=0(root) gid=0(root) groups=0(root)\n'
      : `uid=65534(${st.facts.user}) gid=65534(nogroup)\n`,
  ),
  hostname: simple((st) => `${st.facts.hostname}\n`),
  uname: async (args, io) => {
    await io.out(args.includes('-a') ? 'Linux nomad-client 6.1.0-28-amd64 #1 SMP x86_64 GNU/Linux\n' : 'Linux\n');
    return 0;
  },
  date,
  ps,
  top,
  sleep,
  stty,
  seq,
  yes,
  clear: simple(() => '\x1b[H\x1b[2J\x1b[3J'),
  true: async () => 0,
  false: async () => 1,
  history,
  export: exportCmd,
  unset,
  which,
  help,
  grep,
  wc,
  sort,
};
