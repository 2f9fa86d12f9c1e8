/**
 * Search and filter over log lines: compiles the user's query (plain text or regex, case,
 * invert) and keeps, incrementally as lines arrive, the matching lines and the lines a
 * filter view shows (matches plus `context` lines before and after, like `grep -C`).
 * Lines are matched without their ANSI codes. Lines are referred to by `seq`.
 */
import { stripAnsi } from './ansi.ts';
import type { LogLine } from './line-buffer.ts';

export interface MatchSpec {
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  invert: boolean;
  /** Lines of context around each match in filter mode. */
  context: number;
}

export interface CompiledMatcher {
  test(text: string): boolean;
  /** Finds the spans to highlight (none for an inverted match). */
  highlight: RegExp | null;
}

export type CompileResult = { ok: true; matcher: CompiledMatcher } | { ok: false; error: string };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compileMatcher(spec: Pick<MatchSpec, 'query' | 'regex' | 'caseSensitive' | 'invert'>): CompileResult {
  const source = spec.regex ? spec.query : escapeRegExp(spec.query);
  const flags = spec.caseSensitive ? '' : 'i';
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  const highlight = spec.invert ? null : new RegExp(source, `${flags}g`);
  return {
    ok: true,
    matcher: { test: (text) => re.test(stripAnsi(text)) !== spec.invert, highlight },
  };
}

/** Ranges [start, end) of highlight matches in a plain line; empty matches are skipped. */
export function highlightRanges(text: string, re: RegExp | null): [number, number][] {
  if (!re) return [];
  const out: [number, number][] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push([m.index, m.index + m[0].length]);
    if (out.length > 1000) break; // pathological lines: enough to see
  }
  return out;
}

/** An ascending list of seqs that can drop its front cheaply. */
class SeqList {
  private items: number[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }
  at(i: number): number | undefined {
    return i >= 0 && i < this.length ? this.items[this.head + i] : undefined;
  }
  last(): number | undefined {
    return this.at(this.length - 1);
  }
  push(seq: number): void {
    this.items.push(seq);
  }
  dropBefore(seq: number): void {
    while (this.head < this.items.length && this.items[this.head]! < seq) this.head++;
    if (this.head > 4096 && this.head > this.items.length / 2) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
  /** First position whose seq is >= `seq`. */
  lowerBound(seq: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at(mid)! < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export class MatchIndex {
  /** Seqs of matching lines. */
  readonly matches = new SeqList();
  /** Seqs a filter view shows: matches, their context, and markers. */
  readonly visible = new SeqList();
  private lastIncluded = -Infinity;
  private afterLeft = 0;

  constructor(
    private readonly matcher: CompiledMatcher,
    private readonly context: number,
  ) {}

  /** Feeds the next line (in seq order). `bySeq` looks up earlier lines for leading context. */
  add(line: LogLine, bySeq: (seq: number) => LogLine | undefined): void {
    if (line.marker) {
      this.include(line.seq);
      return;
    }
    if (this.matcher.test(line.text)) {
      this.matches.push(line.seq);
      for (let s = Math.max(this.lastIncluded + 1, line.seq - this.context); s < line.seq; s++) {
        if (bySeq(s)) this.include(s);
      }
      this.include(line.seq);
      this.afterLeft = this.context;
    } else if (this.afterLeft > 0) {
      this.include(line.seq);
      this.afterLeft--;
    }
  }

  dropBefore(seq: number): void {
    this.matches.dropBefore(seq);
    this.visible.dropBefore(seq);
  }

  private include(seq: number): void {
    if (seq <= this.lastIncluded) return;
    this.visible.push(seq);
    this.lastIncluded = seq;
  }
}

export type { SeqList };
