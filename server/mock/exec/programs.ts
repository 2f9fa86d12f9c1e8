/**
 * The commands of the simulated shell. Each is `(args, io, state) → exit status`; output
 * goes through `io` (which waits on socket backpressure) and every loop watches
 * `io.signal` so Ctrl-C or a closed session stops it.
 */
import type { AllocationWire } from '../wire.ts';
import type { Io } from './terminal.ts';
import { cat, cd, grep, head, ls, sort, tail, wc } from './file-programs.ts';
import type { TaskFacts, TaskFs } from './task-world.ts';

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
