import { memo, type CSSProperties, type ReactNode } from 'react';
import { parseAnsi, stripAnsi, type AnsiSegment, type AnsiStyle } from '../lib/ansi.ts';
import type { LogLine } from '../lib/line-buffer.ts';
import { highlightRanges } from '../lib/line-matcher.ts';

function cssOf(style: AnsiStyle): CSSProperties | undefined {
  if (Object.keys(style).length === 0) return undefined;
  const fg = style.inverse ? style.bg : style.fg;
  const bg = style.inverse ? (style.fg ?? 'currentColor') : style.bg;
  return {
    color: fg,
    backgroundColor: bg,
    fontWeight: style.bold ? 700 : undefined,
    opacity: style.dim ? 0.7 : undefined,
    fontStyle: style.italic ? 'italic' : undefined,
    textDecoration: style.underline ? 'underline' : undefined,
  };
}

const MARK = 'rounded-sm bg-yellow-200 text-zinc-900 dark:bg-yellow-500/70 dark:text-zinc-950';

/** Splits styled segments at highlight boundaries, so a match can span colours. */
function renderSegments(segments: AnsiSegment[], ranges: [number, number][]): ReactNode[] {
  const out: ReactNode[] = [];
  let pos = 0;
  let r = 0;
  segments.forEach((seg, si) => {
    const css = cssOf(seg.style);
    let from = 0;
    while (from < seg.text.length) {
      const abs = pos + from;
      while (r < ranges.length && ranges[r]![1] <= abs) r++;
      const range = ranges[r];
      let to: number;
      let marked = false;
      if (range && range[0] <= abs) {
        to = Math.min(seg.text.length, range[1] - pos);
        marked = true;
      } else {
        to = range ? Math.min(seg.text.length, range[0] - pos) : seg.text.length;
      }
      const text = seg.text.slice(from, to);
      const key = `${si}:${from}`;
      out.push(
        marked ? (
          <mark key={key} style={css && { ...css, color: undefined, backgroundColor: undefined }} className={MARK}>
            {text}
          </mark>
        ) : css ? (
          <span key={key} style={css}>
            {text}
          </span>
        ) : (
          text
        ),
      );
      from = to;
    }
    pos += seg.text.length;
  });
  return out;
}

interface LogLineRowProps {
  line: Pick<LogLine, 'text' | 'source' | 'at' | 'marker'>;
  /** Undefined hides the gutter; null keeps it empty (an unfinished line). */
  number: number | null | undefined;
  showSource: boolean;
  showTime: boolean;
  strip: boolean;
  wrap: boolean;
  highlight: RegExp | null;
  current: boolean;
  /** A gap in a filtered view before this line. */
  gapBefore: boolean;
}

const pad2 = (n: number, w = 2) => String(n).padStart(w, '0');
const clock = (ms: number) => {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${pad2(d.getMilliseconds(), 3)}`;
};

export const LogLineRow = memo(function LogLineRow(props: LogLineRowProps) {
  const { line } = props;
  const segments = props.strip ? [{ text: stripAnsi(line.text), style: {} }] : parseAnsi(line.text);
  const plain = segments.map((s) => s.text).join('');
  const ranges = line.marker ? [] : highlightRanges(plain, props.highlight);
  return (
    <div
      data-current-match={props.current || undefined}
      className={`flex gap-2 px-2 font-mono text-xs leading-5 ${props.current ? 'bg-yellow-50 dark:bg-yellow-900/30' : ''} ${
        props.gapBefore ? 'border-t border-dashed border-zinc-300 dark:border-zinc-700' : ''
      }`}
    >
      {props.number !== undefined && (
        <span className="w-14 shrink-0 text-right text-zinc-400 select-none dark:text-zinc-600">{props.number}</span>
      )}
      {props.showTime && (
        <span className="shrink-0 text-zinc-400 select-none dark:text-zinc-500" title="Arrival time in this browser">
          {clock(line.at)}
        </span>
      )}
      {props.showSource && (
        <span
          className={`w-12 shrink-0 text-center select-none ${
            line.source === 'stderr' ? 'text-red-700 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400'
          }`}
        >
          {line.source}
        </span>
      )}
      <span
        className={`min-w-0 ${props.wrap ? 'break-all whitespace-pre-wrap' : 'whitespace-pre'} ${
          line.marker ? 'text-amber-700 italic dark:text-amber-400' : ''
        }`}
      >
        {plain === '' ? ' ' : renderSegments(segments, ranges)}
      </span>
    </div>
  );
});
