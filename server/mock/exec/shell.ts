/**
 * The simulated shell (never a host shell): a small POSIX-ish command language over the
 * task's view of the allocation filesystem. Quotes, `\`, `$VAR`/`${VAR}`/`$?`, `;`, `&&`,
 * `||`, `VAR=value`, `export`; no pipes or redirections (it says so). Interactive with a
 * prompt and line editing on a tty, line by line from stdin without one, or `-c script`.
 */
import { LineEditor, type EditorResult } from './line-editor.ts';
import { PROGRAMS, type Program, type ShellState } from './programs.ts';
import { BrokenPipe, Pipe, pipeIo, type Io, type Terminal } from './terminal.ts';
import { resolvePath } from './task-world.ts';

interface Segment {
  text: string;
  quote: 'none' | 'single' | 'double';
}
type Word = Segment[];
type Op = ';' | '&&' | '||';

export interface Statement {
  /** The pipeline's commands (one without a pipe). */
  stages: Word[][];
  /** How this statement joins the previous one. */
  join: Op;
}

export class SyntaxError extends Error {}

/** Splits a command line into statements of words (expansion happens later). */
export function parseLine(line: string): Statement[] {
  const statements: Statement[] = [];
  let stages: Word[][] = [];
  let words: Word[] = [];
  let word: Word | undefined;
  let join: Op = ';';
  const push = (text: string, quote: Segment['quote']) => {
    word ??= [];
    word.push({ text, quote });
  };
  const endWord = () => {
    if (word) words.push(word);
    word = undefined;
  };
  const endStage = (token: string) => {
    endWord();
    if (words.length === 0) throw new SyntaxError(`syntax error near unexpected token \`${token}'`);
    stages.push(words);
    words = [];
  };
  const endStatement = (next: Op) => {
    endWord();
    if (words.length > 0) stages.push(words);
    else if (stages.length > 0) throw new SyntaxError(`syntax error near unexpected token \`${next}'`);
    if (stages.length > 0) statements.push({ stages, join });
    else if (next !== ';') throw new SyntaxError(`syntax error near unexpected token \`${next}'`);
    stages = [];
    words = [];
    join = next;
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new SyntaxError('unterminated quoted string');
      push(line.slice(i + 1, end), 'single');
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) {
          text += line[j + 1];
          j += 2;
        } else {
          text += line[j];
          j += 1;
        }
      }
      if (j >= line.length) throw new SyntaxError('unterminated quoted string');
      push(text, 'double');
      i = j + 1;
    } else if (c === '\\') {
      if (i + 1 < line.length) push(line[i + 1]!, 'single');
      i += 2;
    } else if (c === ' ' || c === '\t') {
      endWord();
      i += 1;
    } else if (c === '#' && !word) {
      break;
    } else if (c === ';' || c === '\n') {
      endStatement(';');
      i += 1;
    } else if (line.startsWith('&&', i) || line.startsWith('||', i)) {
      endStatement(line.slice(i, i + 2) as Op);
      i += 2;
    } else if (c === '|') {
      endStage('|');
      i += 1;
    } else if (c === '>' || c === '<' || c === '&' || c === '`' || line.startsWith('$(', i)) {
      throw new SyntaxError(`'${c === '$' ? '$(' : c}' is not supported by this simulated shell`);
    } else {
      let j = i;
      while (j < line.length && !' \t\'"\\;|&<>`\n'.includes(line[j]!)) j++;
      push(line.slice(i, j), 'none');
      i = j;
    }
  }
  endWord();
  if (words.length > 0) stages.push(words);
  else if (stages.length > 0) throw new SyntaxError('syntax error: unexpected end of file');
  if (stages.length > 0) statements.push({ stages, join });
  else if (join !== ';') throw new SyntaxError('syntax error: unexpected end of file');
  return statements;
}

function expand(word: Word, vars: (name: string) => string): string {
  return word
    .map((seg) =>
      seg.quote === 'single'
        ? seg.text
        : seg.text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*)|([?$#0]))/g, (_m, a, b, c) =>
            vars(String(a ?? b ?? c)),
          ),
    )
    .join('');
}

export interface ShellOptions {
  name: 'sh' | 'bash';
  interactive: boolean;
}

/** The `exit` builtin unwinds through this. */
export class ExitRequest {
  constructor(readonly code: number) {}
}

export class Shell {
  constructor(
    private readonly state: ShellState,
    private readonly term: Terminal,
    private readonly opts: ShellOptions,
  ) {}

  private prompt(): string {
    const { state } = this;
    const root = state.facts.user === 'root';
    if (this.opts.name === 'sh') return `${state.cwd} ${root ? '#' : '$'} `;
    const home = state.env.get('HOME');
    const cwd = home && home !== '/' && state.cwd.startsWith(home) ? `~${state.cwd.slice(home.length)}` : state.cwd;
    return `${state.facts.user}@${state.facts.hostname}:${cwd}${root ? '#' : '$'} `;
  }

  private varOf = (name: string): string => {
    if (name === '?') return String(this.state.status);
    if (name === '$') return '17';
    if (name === '#') return '0';
    if (name === '0') return this.opts.name;
    return this.state.env.get(name) ?? '';
  };

  /** Runs one line; ExitRequest propagates. */
  async runLine(line: string, io: Io): Promise<number> {
    let statements: Statement[];
    try {
      statements = parseLine(line);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      await io.err(`${this.opts.name}: ${err.message}\n`);
      this.state.status = 2;
      return 2;
    }
    for (const st of statements) {
      if (st.join === '&&' && this.state.status !== 0) continue;
      if (st.join === '||' && this.state.status === 0) continue;
      if (io.signal.aborted) break;
      const argvs = st.stages.map((words) => words.map((w) => expand(w, this.varOf)));
      this.state.status = argvs.length === 1 ? await this.runCommand(argvs[0]!, io) : await this.runPipeline(argvs, io);
    }
    return this.state.status;
  }

  /**
   * `a | b | c`: the stages run together over in-memory pipes (no tty in between); a stage
   * whose reader has gone gets EPIPE (status 141), as `yes | head` needs.
   */
  private async runPipeline(argvs: string[][], io: Io): Promise<number> {
    const pipes = argvs.slice(1).map(() => new Pipe());
    const last = argvs.length - 1;
    const runs = argvs.map(async (argv, i) => {
      const upstream = i > 0 ? pipes[i - 1] : undefined;
      const downstream = i < last ? pipes[i] : undefined;
      const stageIo = pipeIo(io, upstream, downstream, i === last);
      try {
        return await this.runCommand(argv, stageIo);
      } catch (err) {
        if (err instanceof ExitRequest) return err.code;
        if (err instanceof BrokenPipe) return 141;
        throw err;
      } finally {
        downstream?.end();
        upstream?.breakPipe();
      }
    });
    const codes = await Promise.all(runs);
    return codes[last]!;
  }

  private async runCommand(argv: string[], io: Io): Promise<number> {
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
    let rest = argv;
    while (rest.length > 0 && assign.test(rest[0]!)) {
      if (rest.length === 1) {
        const m = assign.exec(rest[0]!)!;
        this.state.env.set(m[1]!, m[2]!);
        return 0;
      }
      rest = rest.slice(1);
    }
    const [name, ...args] = rest;
    if (name === undefined || name === '') return 0;
    if (name === 'exit') {
      const code = args[0] === undefined ? this.state.status : Number.parseInt(args[0], 10);
      if (Number.isNaN(code)) {
        await io.err(`${this.opts.name}: exit: ${args[0]}: numeric argument required\n`);
        throw new ExitRequest(2);
      }
      throw new ExitRequest(((code % 256) + 256) % 256);
    }
    if (name === 'sh' || name === 'bash' || name === '/bin/sh' || name === '/bin/bash') {
      const shell = name.replace('/bin/', '') as 'sh' | 'bash';
      if (shell === 'bash' && !this.state.facts.hasBash) return this.notFound(name, io);
      return runShell(this.state.fork(), this.term, shell, args, io);
    }
    const base = name.includes('/') ? resolvePath(this.state.cwd, name) : name;
    const program: Program | undefined = PROGRAMS[name.includes('/') ? (base.split('/').pop() ?? '') : name];
    if (!program || (name.includes('/') && !this.state.fs.isBinary(base.replace(/^\/usr/, '')))) {
      return this.notFound(name, io);
    }
    return program(args, io, this.state);
  }

  private async notFound(name: string, io: Io): Promise<number> {
    if (name.includes('/')) await io.err(`${this.opts.name}: ${name}: No such file or directory\n`);
    else if (this.opts.name === 'bash') await io.err(`bash: ${name}: command not found\n`);
    else await io.err(`sh: ${name}: not found\n`);
    return 127;
  }

  /** The interactive loop on a tty: prompt, edit, run, until exit or Ctrl-D. */
  async interactive(): Promise<number> {
    const { term, state } = this;
    for (;;) {
      if (term.sessionSignal.aborted) return state.status;
      const result = await this.readEdited();
      if (result.kind === 'eof') {
        if (this.opts.name === 'bash') await term.output.write('stdout', 'exit\r\n');
        return state.status;
      }
      if (result.kind === 'interrupt') {
        state.status = 130;
        continue;
      }
      const job = term.jobIo();
      try {
        await this.runLine(result.line, job.io);
        if (job.io.signal.aborted && !term.sessionSignal.aborted) {
          state.status = 130;
          await term.output.write('stdout', '\r\n');
        }
      } catch (err) {
        if (err instanceof ExitRequest) {
          if (this.opts.name === 'bash') await term.output.write('stdout', 'exit\r\n');
          return err.code;
        }
        throw err;
      } finally {
        job.done();
        term.dropTypeahead();
      }
    }
  }

  private readEdited(): Promise<EditorResult> {
    const { term, state } = this;
    const editor = new LineEditor(this.prompt(), state.history, (word, isCommand) =>
      completions(state, word, isCommand),
    );
    return new Promise((resolve) => {
      void term.output.write('stdout', this.prompt()).catch(() => {});
      let unsubscribe = () => {};
      const finish = (result: EditorResult) => {
        release();
        unsubscribe();
        term.sessionSignal.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const onAbort = () => finish({ kind: 'eof' });
      const release = term.takeKeys((key) => {
        const outcome = editor.key(key);
        if (outcome.out) void term.output.write('stdout', outcome.out).catch(() => {});
        if (outcome.result) finish(outcome.result);
      });
      term.sessionSignal.addEventListener('abort', onAbort, { once: true });
      unsubscribe = term.onStdinClose(onAbort);
    });
  }

  /** Without a tty: read commands from stdin line by line, no prompt, no echo. */
  async fromStdin(io: Io): Promise<number> {
    for (;;) {
      const line = await io.readLine();
      if (line === null) return this.state.status;
      try {
        await this.runLine(line.replace(/\n$/, ''), io);
      } catch (err) {
        if (err instanceof ExitRequest) return err.code;
        throw err;
      }
    }
  }
}

export function completions(state: ShellState, word: string, isCommand: boolean): string[] {
  if (isCommand && !word.includes('/')) {
    return [...new Set([...Object.keys(PROGRAMS), 'exit', 'sh', ...(state.facts.hasBash ? ['bash'] : [])])]
      .filter((n) => n.startsWith(word))
      .sort();
  }
  const slash = word.lastIndexOf('/');
  const dirPart = slash === -1 ? '' : word.slice(0, slash + 1);
  const base = slash === -1 ? word : word.slice(slash + 1);
  try {
    return state.fs
      .list(resolvePath(state.cwd, dirPart || '.'))
      .filter((e) => e.name.startsWith(base) && (base.startsWith('.') || !e.name.startsWith('.')))
      .map((e) => `${dirPart}${e.name}${e.isDir ? '/' : ''}`);
  } catch {
    return [];
  }
}

/** `sh`/`bash` as a program: `-c script`, interactive on a tty, else commands from stdin. */
export async function runShell(
  state: ShellState,
  term: Terminal,
  name: 'sh' | 'bash',
  args: readonly string[],
  io: Io,
): Promise<number> {
  const shell = new Shell(state, term, { name, interactive: args.length === 0 && io.tty });
  const c = args.indexOf('-c');
  if (c !== -1) {
    const script = args[c + 1];
    if (script === undefined) {
      await io.err(`${name}: -c: option requires an argument\n`);
      return 2;
    }
    try {
      return await shell.runLine(script, io);
    } catch (err) {
      if (err instanceof ExitRequest) return err.code;
      throw err;
    }
  }
  if (args.length > 0 && !args[0]!.startsWith('-')) {
    await io.err(`${name}: can't open '${args[0]}': No such file or directory\n`);
    return 127;
  }
  return io.tty ? shell.interactive() : shell.fromStdin(io);
}
