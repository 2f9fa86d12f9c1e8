/**
 * ANSI escape sequences in log lines → styled text segments (rendered as React spans; never
 * HTML). Handles SGR: reset, bold, dim, italic, underline, inverse, the 16 basic and bright
 * colours, 256-colour (`38;5;n`) and truecolor (`38;2;r;g;b`) foreground and background.
 * Every other escape sequence (cursor moves, OSC titles and links, charset selection, DCS
 * strings, malformed or cut-off ones) is removed without affecting the text around it.
 * Style is reset at each line start: Nomad lines are rendered independently and most
 * loggers reset at end of line.
 */

export interface AnsiStyle {
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

export interface AnsiSegment {
  text: string;
  style: AnsiStyle;
}

// Readable on both light and dark backgrounds (xterm-ish, slightly muted).
const BASIC = ['#3f3f46', '#dc2626', '#16a34a', '#ca8a04', '#2563eb', '#c026d3', '#0891b2', '#a1a1aa'];
const BRIGHT = ['#71717a', '#f87171', '#4ade80', '#facc15', '#60a5fa', '#e879f9', '#22d3ee', '#f4f4f5'];

function hex2(n: number): string {
  return Math.max(0, Math.min(255, n)).toString(16).padStart(2, '0');
}

/** xterm's 256-colour palette. */
export function color256(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
  if (n < 8) return BASIC[n];
  if (n < 16) return BRIGHT[n - 8];
  if (n < 232) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `#${hex2(level(Math.floor(i / 36)))}${hex2(level(Math.floor(i / 6) % 6))}${hex2(level(i % 6))}`;
  }
  const g = 8 + (n - 232) * 10;
  return `#${hex2(g)}${hex2(g)}${hex2(g)}`;
}

/** Applies one SGR parameter list (`1;31`, `38;5;200`) to a style. */
function applySgr(params: number[], style: AnsiStyle): AnsiStyle {
  const s: AnsiStyle = { ...style };
  if (params.length === 0) return {};
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p === 0) for (const k of Object.keys(s)) delete s[k as keyof AnsiStyle];
    else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 7) s.inverse = true;
    else if (p === 22) {
      delete s.bold;
      delete s.dim;
    } else if (p === 23) delete s.italic;
    else if (p === 24) delete s.underline;
    else if (p === 27) delete s.inverse;
    else if (p >= 30 && p <= 37) s.fg = BASIC[p - 30];
    else if (p === 39) delete s.fg;
    else if (p >= 40 && p <= 47) s.bg = BASIC[p - 40];
    else if (p === 49) delete s.bg;
    else if (p >= 90 && p <= 97) s.fg = BRIGHT[p - 90];
    else if (p >= 100 && p <= 107) s.bg = BRIGHT[p - 100];
    else if (p === 38 || p === 48) {
      const key = p === 38 ? 'fg' : 'bg';
      const mode = params[i + 1];
      if (mode === 5) {
        const c = color256(params[i + 2] ?? -1);
        if (c) s[key] = c;
        i += 2;
      } else if (mode === 2) {
        const [r, g, b] = [params[i + 2], params[i + 3], params[i + 4]];
        if (r !== undefined && g !== undefined && b !== undefined) s[key] = `#${hex2(r)}${hex2(g)}${hex2(b)}`;
        i += 4;
      } else break; // malformed extended colour: ignore the rest of this sequence
    }
  }
  return s;
}

const ESC = '\u001b';

/**
 * Finds the end of the escape sequence starting at `i` (which holds ESC). Returns the index
 * after it and, for SGR, its parameters.
 */
function scanEscape(text: string, i: number, wantSgr = true): { end: number; sgr?: number[] } {
  const next = text[i + 1];
  if (next === '[') {
    let j = i + 2;
    // CSI: parameter bytes 0x30–0x3F, intermediates 0x20–0x2F, then one final byte 0x40–0x7E.
    while (j < text.length && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x3f) j++;
    while (j < text.length && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++;
    const final = text.charCodeAt(j);
    if (j >= text.length || final < 0x40 || final > 0x7e) return { end: j }; // cut off or malformed: drop what we read
    if (text[j] !== 'm' || !wantSgr) return { end: j + 1 };
    const raw = text.slice(i + 2, j);
    if (!/^[\d;]*$/.test(raw)) return { end: j + 1 };
    const sgr = raw === '' ? [] : raw.split(';').map((x) => (x === '' ? 0 : Number(x)));
    return { end: j + 1, sgr };
  }
  if (next === ']' || next === 'P' || next === 'X' || next === '^' || next === '_') {
    // OSC, DCS, SOS, PM, APC: a string ending with ESC \ (or BEL, which xterm accepts).
    for (let j = i + 2; j < text.length; j++) {
      if (text[j] === '\u0007') return { end: j + 1 };
      if (text[j] === ESC && text[j + 1] === '\\') return { end: j + 2 };
    }
    return { end: text.length };
  }
  const code = text.charCodeAt(i + 1);
  if (code >= 0x20 && code <= 0x2f) {
    // nF escapes such as `ESC ( B` (select charset; `tput sgr0` writes it): intermediates
    // 0x20–0x2F, then one final byte 0x30–0x7E.
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++;
    const final = text.charCodeAt(j);
    return { end: final >= 0x30 && final <= 0x7e ? j + 1 : j };
  }
  return { end: next === undefined ? i + 1 : i + 2 };
}

export function parseAnsi(text: string): AnsiSegment[] {
  if (!text.includes(ESC)) return text === '' ? [] : [{ text, style: {} }];
  const out: AnsiSegment[] = [];
  let style: AnsiStyle = {};
  let from = 0;
  let i = text.indexOf(ESC);
  while (i !== -1) {
    if (i > from) out.push({ text: text.slice(from, i), style });
    const { end, sgr } = scanEscape(text, i);
    if (sgr) style = applySgr(sgr, style);
    from = end;
    i = text.indexOf(ESC, from);
  }
  if (from < text.length) out.push({ text: text.slice(from), style });
  return out;
}

/** The text without its escape sequences (same cuts as `parseAnsi`, without building styles). */
export function stripAnsi(text: string): string {
  let i = text.indexOf(ESC);
  if (i === -1) return text;
  let out = '';
  let from = 0;
  while (i !== -1) {
    out += text.slice(from, i);
    from = scanEscape(text, i, false).end;
    i = text.indexOf(ESC, from);
  }
  return out + text.slice(from);
}
