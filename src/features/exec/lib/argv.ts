/**
 * Splits a command line into argv the way a POSIX shell would (quotes and backslashes, no
 * expansion). Nomad execs argv directly, and the official UI sends the whole line as one
 * element, so `ls -la` became a binary named "ls -la"; this is what we send instead.
 */

export type ArgvResult = { ok: true; argv: string[] } | { ok: false; error: string };

export function splitArgv(line: string): ArgvResult {
  const argv: string[] = [];
  let current = '';
  // A word exists once anything (even an empty pair of quotes) was seen since the last blank.
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      else current += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1] as string)) {
        current += line[++i];
      } else current += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= line.length) return { ok: false, error: 'the command ends with a lone backslash' };
      const next = line[++i] as string;
      // Backslash-newline is a line continuation, as in a shell.
      if (next !== '\n') current += next;
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) argv.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) return { ok: false, error: `unterminated ${quote === "'" ? 'single' : 'double'} quote` };
  if (inWord) argv.push(current);
  if (argv.length === 0) return { ok: false, error: 'enter a command: Nomad refuses an empty one' };
  return { ok: true, argv };
}

/** Turns argv back into a line that splits to the same argv (for the URL and the field). */
export function joinArgv(argv: readonly string[]): string {
  return argv.map((a) => (a !== '' && /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
