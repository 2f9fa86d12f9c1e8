import { useId, useState } from 'react';
import { controlClass, labelClass } from '@/components/styles.ts';
import { BUFFER_LIMITS, saveTimelineSettings } from '../lib/timeline-settings.ts';
import type { TimelineSnapshot } from '../lib/timeline-store.ts';
import { topicChipClass } from '../lib/topic-style.ts';
import { RateSparkline } from './rate-sparkline.tsx';

const fmt = new Intl.NumberFormat('en');

/** Rate, counts by topic, and the buffer's size, bound and drops. */
export function TimelineStats({ snapshot, shown }: { snapshot: TimelineSnapshot; shown: number }) {
  const counts = Object.entries(snapshot.counts).sort((a, b) => b[1] - a[1]);
  return (
    <div className="space-y-2 text-xs text-zinc-600 dark:text-zinc-400">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <RateSparkline samples={[...snapshot.rate]} label="Event rate" />
        <span className="tabular-nums">
          Showing {fmt.format(shown)} of {fmt.format(snapshot.size)} buffered · {fmt.format(snapshot.received)} received
          {snapshot.lastIndex > 0 && ` · last index ${snapshot.lastIndex}`}
        </span>
        <BufferSize capacity={snapshot.capacity} />
      </div>
      {counts.length > 0 && (
        <ul aria-label="Buffered events by topic" className="flex flex-wrap gap-1.5">
          {counts.map(([topic, n]) => (
            <li key={topic} className={`rounded px-1.5 py-0.5 tabular-nums ring-1 ring-inset ${topicChipClass(topic)}`}>
              {topic} {fmt.format(n)}
            </li>
          ))}
        </ul>
      )}
      {snapshot.dropped > 0 && (
        <p role="status" className="text-amber-700 dark:text-amber-300">
          {fmt.format(snapshot.dropped)} older event{snapshot.dropped === 1 ? ' was' : 's were'} dropped from this
          page’s buffer, which keeps the newest {fmt.format(snapshot.capacity)}.
        </p>
      )}
    </div>
  );
}

function BufferSize({ capacity }: { capacity: number }) {
  const id = useId();
  const [draft, setDraft] = useState<string>();
  const value = draft ?? String(capacity);
  const n = Number(value);
  const valid = /^\d+$/.test(value) && n >= BUFFER_LIMITS.min && n <= BUFFER_LIMITS.max;
  const commit = () => {
    if (draft !== undefined && valid) saveTimelineSettings({ bufferSize: n });
    if (valid) setDraft(undefined);
  };
  return (
    <span className="inline-flex items-center gap-1.5">
      <label htmlFor={id} className={labelClass}>
        Buffer size
      </label>
      <input
        id={id}
        inputMode="numeric"
        value={value}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
        aria-invalid={!valid || undefined}
        aria-describedby={valid ? undefined : `${id}-err`}
        className={`${controlClass} h-7 w-24 py-0.5 tabular-nums`}
      />
      {!valid && (
        <span id={`${id}-err`} className="text-red-700 dark:text-red-300">
          {fmt.format(BUFFER_LIMITS.min)}–{fmt.format(BUFFER_LIMITS.max)} events
        </span>
      )}
    </span>
  );
}
