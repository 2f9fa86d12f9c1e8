/**
 * The interactive shell's line editing (what readline / BusyBox's lineedit do): echo,
 * cursor movement, backspace and delete, history on the arrow keys, Ctrl-A/E/U/K/W,
 * Ctrl-C abandons the line, Ctrl-D on an empty line ends the shell, Ctrl-L clears the
 * screen, Tab completes paths. Pure: each key returns what to print and maybe a result.
 */

export type EditorResult = { kind: 'line'; line: string } | { kind: 'eof' } | { kind: 'interrupt' };

export interface KeyOutcome {
  out: string;
  result?: EditorResult;
}

/** Candidates for the word being completed: full replacement words (dirs end with `/`). */
export type Completer = (word: string, isCommand: boolean) => string[];

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

export class LineEditor {
  private chars: string[] = [];
  private cursor = 0;
  private historyPos: number;
  private draft: string[] = [];

  constructor(
    private readonly prompt: string,
    private readonly history: string[],
    private readonly complete: Completer,
  ) {
    this.historyPos = history.length;
  }

  get line(): string {
    return this.chars.join('');
  }

  /** Redraws the whole line and puts the cursor back. */
  private redraw(): string {
    const back = this.chars.length - this.cursor;
    return `\r${this.prompt}${this.line}\x1b[K${back > 0 ? `\x1b[${back}D` : ''}`;
  }

  private setLine(chars: string[]): string {
    this.chars = chars;
    this.cursor = chars.length;
    return this.redraw();
  }

  private insert(text: string): string {
    const add = [...text];
    const atEnd = this.cursor === this.chars.length;
    this.chars.splice(this.cursor, 0, ...add);
    this.cursor += add.length;
    return atEnd ? text : this.redraw();
  }

  private completeWord(): string {
    const before = this.chars.slice(0, this.cursor).join('');
    const start = Math.max(before.lastIndexOf(' '), before.lastIndexOf('\t')) + 1;
    const word = before.slice(start);
    const isCommand = before.slice(0, start).trim() === '';
    const candidates = this.complete(word, isCommand);
    if (candidates.length === 0) return '\x07';
    if (candidates.length === 1) {
      const only = candidates[0]!;
      return this.insert(only.slice(word.length) + (only.endsWith('/') ? '' : ' '));
    }
    const prefix = commonPrefix(candidates);
    if (prefix.length > word.length) return this.insert(prefix.slice(word.length));
    const names = candidates.map((c) => c.replace(/\/$/, '').split('/').pop()! + (c.endsWith('/') ? '/' : ''));
    return `\r\n${names.join('  ')}\r\n${this.redraw()}`;
  }

  key(k: string): KeyOutcome {
    switch (k) {
      case '\r':
      case '\n': {
        const line = this.line;
        if (line.trim() !== '' && this.history[this.history.length - 1] !== line) this.history.push(line);
        return { out: '\r\n', result: { kind: 'line', line } };
      }
      case '\x03':
        return { out: '^C\r\n', result: { kind: 'interrupt' } };
      case '\x04':
        if (this.chars.length === 0) return { out: '', result: { kind: 'eof' } };
        if (this.cursor < this.chars.length) {
          this.chars.splice(this.cursor, 1);
          return { out: this.redraw() };
        }
        return { out: '' };
      case '\x0c':
        return { out: `\x1b[H\x1b[2J${this.redraw()}` };
      case '\x7f':
      case '\b':
        if (this.cursor === 0) return { out: '\x07' };
        this.chars.splice(this.cursor - 1, 1);
        this.cursor -= 1;
        return { out: this.cursor === this.chars.length ? '\b \b' : this.redraw() };
      case '\x1b[3~':
        if (this.cursor < this.chars.length) this.chars.splice(this.cursor, 1);
        return { out: this.redraw() };
      case '\x1b[D':
      case '\x02':
        if (this.cursor === 0) return { out: '' };
        this.cursor -= 1;
        return { out: '\x1b[D' };
      case '\x1b[C':
      case '\x06':
        if (this.cursor === this.chars.length) return { out: '' };
        this.cursor += 1;
        return { out: '\x1b[C' };
      case '\x1b[H':
      case '\x1bOH':
      case '\x1b[1~':
      case '\x01':
        this.cursor = 0;
        return { out: this.redraw() };
      case '\x1b[F':
      case '\x1bOF':
      case '\x1b[4~':
      case '\x05':
        this.cursor = this.chars.length;
        return { out: this.redraw() };
      case '\x15':
        this.chars.splice(0, this.cursor);
        this.cursor = 0;
        return { out: this.redraw() };
      case '\x0b':
        this.chars.splice(this.cursor);
        return { out: this.redraw() };
      case '\x17': {
        let i = this.cursor;
        while (i > 0 && this.chars[i - 1] === ' ') i--;
        while (i > 0 && this.chars[i - 1] !== ' ') i--;
        this.chars.splice(i, this.cursor - i);
        this.cursor = i;
        return { out: this.redraw() };
      }
      case '\x1b[A':
      case '\x10':
        if (this.historyPos === 0) return { out: '\x07' };
        if (this.historyPos === this.history.length) this.draft = [...this.chars];
        this.historyPos -= 1;
        return { out: this.setLine([...this.history[this.historyPos]!]) };
      case '\x1b[B':
      case '\x0e':
        if (this.historyPos >= this.history.length) return { out: '\x07' };
        this.historyPos += 1;
        return {
          out: this.setLine(this.historyPos === this.history.length ? this.draft : [...this.history[this.historyPos]!]),
        };
      case '\t':
        return { out: this.completeWord() };
      default:
        if (k.startsWith('\x1b') || (k < ' ' && k !== '\t')) return { out: '' };
        return { out: this.insert(k) };
    }
  }
}
