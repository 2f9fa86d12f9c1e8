/**
 * The file and text commands of the simulated shell: ls, cd, cat, head, tail [-f], grep,
 * wc, sort. They read through the task's filesystem view and stream through `io`.
 */
import type { Io } from './terminal.ts';
import type { Program, ShellState } from './programs.ts';
import { resolvePath, ShellFsError, type Entry } from './task-world.ts';

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

export const ls: Program = async (args, io, st) => {
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

export const cd: Program = async (args, io, st) => {
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
async function passStdin(io: Io): Promise<number> {
  for (;;) {
    if (io.tty) {
      const line = await io.readLine();
      if (line === null) return 0;
      await io.out(line);
    } else {
      const chunk = await io.readChunk();
      if (chunk === null) return 0;
      await io.out(chunk);
    }
  }
}

export const cat: Program = async (args, io, st) => {
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

export const head: Program = async (args, io, st) => {
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

export const tail: Program = async (args, io, st) => {
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

export const grep: Program = async (args, io, st) => {
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
    // Streams (in batches), so `yes | grep y` runs in constant memory until Ctrl-C.
    let batch = '';
    while (!io.signal.aborted) {
      const line = await io.readLine();
      if (line === null) break;
      if (keep(line.replace(/\n$/, ''))) {
        hits++;
        if (!opts.has('c')) batch += line.endsWith('\n') ? line : `${line}\n`;
      }
      if (batch.length > 0 && (batch.length > 64 * 1024 || !io.hasBufferedLine())) {
        await io.out(batch);
        batch = '';
      }
    }
    if (batch.length > 0) await io.out(batch);
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

export const wc: Program = async (args, io, st) => {
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

export const sort: Program = async (args, io, st) => {
  const { opts, rest } = flags(args);
  const lines = await inputLines('sort', rest, io, st);
  if (lines === undefined) return 2;
  lines.sort(opts.has('n') ? (a, b) => Number.parseFloat(a) - Number.parseFloat(b) : undefined);
  if (opts.has('r')) lines.reverse();
  await io.out(lines.map((l) => `${l}\n`).join(''));
  return 0;
};
