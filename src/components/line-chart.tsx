import type { Point } from '@/lib/stats-series.ts';

interface LineChartProps {
  /** Names the chart for screen readers and in the caption, e.g. "CPU". */
  label: string;
  points: readonly Point[];
  /** Top of the scale (e.g. the allocated MHz); the chart grows past it if a value does. */
  max: number;
  /** How a value reads: `v => \`${v} MHz\``. */
  format: (v: number) => string;
  /** Shown after the latest value, e.g. "of 500 MHz". */
  limitLabel?: string;
  /** The time the chart spans, e.g. the poll window; defaults to the data's own span. */
  spanMs?: number;
  height?: number;
  /** Tailwind text colour class; the line uses currentColor. */
  tone?: string;
}

const W = 240;

function pathFor(points: readonly Point[], max: number, h: number, t0: number, span: number) {
  return points
    .map((p, i) => {
      const x = span > 0 ? ((p.t - t0) / span) * W : W;
      const y = h - (Math.min(p.v, max) / max) * (h - 2) - 1;
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/**
 * A small inline SVG line chart of a live series: the latest value as text (what a
 * screen reader hears), the recent history as a line with a soft area under it.
 */
export function LineChart({
  label,
  points,
  max,
  format,
  limitLabel,
  spanMs,
  height = 48,
  tone = 'text-teal-600 dark:text-teal-400',
}: LineChartProps) {
  const latest = points.at(-1);
  const top = Math.max(max, ...points.map((p) => p.v), 1e-9);
  const t1 = latest?.t ?? 0;
  const span = spanMs ?? (points.length > 1 ? t1 - points[0]!.t : 0);
  const t0 = t1 - span;
  const visible = points.filter((p) => p.t >= t0);
  const line = pathFor(visible, top, height, t0, span);
  const firstX = visible.length && span > 0 ? ((visible[0]!.t - t0) / span) * W : 0;
  const summary = latest
    ? `${label}: ${format(latest.v)}${limitLabel ? ` ${limitLabel}` : ''}`
    : `${label}: no samples yet`;
  return (
    <figure className="min-w-0">
      <figcaption className="flex items-baseline justify-between gap-2 text-xs">
        <span className="font-medium text-zinc-700 dark:text-zinc-300">{label}</span>
        <span className="truncate text-zinc-600 tabular-nums dark:text-zinc-400">
          {latest ? format(latest.v) : '—'}
          {latest && limitLabel ? ` ${limitLabel}` : ''}
        </span>
      </figcaption>
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${W} ${height}`}
        preserveAspectRatio="none"
        className={`mt-1 block w-full rounded bg-zinc-50 dark:bg-zinc-950 ${tone}`}
        style={{ height }}
      >
        {max < top ? null : (
          <line x1="0" x2={W} y1="1" y2="1" className="stroke-zinc-300 dark:stroke-zinc-700" strokeDasharray="3 3" />
        )}
        {visible.length > 1 && (
          <>
            <path d={`${line} L${W},${height} L${firstX.toFixed(1)},${height} Z`} fill="currentColor" opacity="0.12" />
            <path
              d={line}
              fill="none"
              stroke="currentColor"
              strokeWidth="1.5"
              vectorEffect="non-scaling-stroke"
              strokeLinejoin="round"
            />
          </>
        )}
        {visible.length === 1 && latest && (
          <line
            x1="0"
            x2={W}
            y1={height - (Math.min(latest.v, top) / top) * (height - 2) - 1}
            y2={height - (Math.min(latest.v, top) / top) * (height - 2) - 1}
            stroke="currentColor"
            strokeWidth="1.5"
            vectorEffect="non-scaling-stroke"
          />
        )}
      </svg>
    </figure>
  );
}
