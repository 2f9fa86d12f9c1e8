interface RateSparklineProps {
  /** Events per second, oldest first; the last sample is the current rate. */
  samples: number[];
  /** What is measured, e.g. "Event rate"; the accessible name adds the latest value. */
  label: string;
}

const WIDTH = 80;
const HEIGHT = 20;

/** Rates read at a glance: `0`, `2.5`, `37`, `1.2k`, `15k`. */
export function formatRate(n: number): string {
  const v = Number.isFinite(n) && n > 0 ? n : 0;
  if (v >= 1000) return `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1).replace(/\.0$/, '')}k`;
  if (v >= 10) return String(Math.round(v));
  return v.toFixed(1).replace(/\.0$/, '');
}

/**
 * SVG polyline points for the samples, scaled so the highest sample touches the top (a
 * floor of 1 event/s keeps a quiet stream from looking busy). Bad samples count as 0.
 */
export function sparklinePoints(samples: readonly number[], width = WIDTH, height = HEIGHT): string {
  const values = samples.map((n) => (Number.isFinite(n) && n > 0 ? n : 0));
  if (values.length === 0) return `0,${height} ${width},${height}`;
  if (values.length === 1) values.unshift(values[0] ?? 0);
  const max = Math.max(1, ...values);
  const step = width / (values.length - 1);
  const round = (n: number) => Math.round(n * 10) / 10;
  return values.map((v, i) => `${round(i * step)},${round(height - (v / max) * (height - 1))}`).join(' ');
}

/** A tiny inline rate chart with the current value next to it; no chart library. */
export function RateSparkline({ samples, label }: RateSparklineProps) {
  const latest = formatRate(samples.at(-1) ?? 0);
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
      <svg
        role="img"
        aria-label={`${label}: ${latest} events/s`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        className="overflow-visible text-teal-600 dark:text-teal-400"
      >
        <polyline
          points={sparklinePoints(samples)}
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
          strokeLinejoin="round"
          strokeLinecap="round"
          vectorEffect="non-scaling-stroke"
        />
      </svg>
      <span aria-hidden="true">{latest}/s</span>
    </span>
  );
}
