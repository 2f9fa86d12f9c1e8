import { memo } from 'react';
import { Link } from 'react-router';
import { formatTime } from '@/lib/format-time.ts';
import { keyLink, type EventLinks } from '../lib/event-links.ts';
import { rowSummary } from '../lib/facets.ts';
import { shortId, type SummaryTone } from '../lib/summarize.ts';
import type { TimelineEvent } from '../lib/timeline-event.ts';
import { topicChipClass } from '../lib/topic-style.ts';

export const ROW_HEIGHT = 32;

const TONE: Record<SummaryTone, string> = {
  neutral: 'text-zinc-800 dark:text-zinc-200',
  good: 'text-emerald-700 dark:text-emerald-300',
  warn: 'text-amber-700 dark:text-amber-300',
  bad: 'font-medium text-red-700 dark:text-red-300',
};

/** Column template shared by the header and the rows (compact drops Type and Namespace). */
export const GRID_FULL = 'grid-cols-[5.5rem_4.5rem_7.5rem_13rem_7rem_6rem_minmax(12rem,1fr)]';
export const GRID_COMPACT = 'grid-cols-[5.5rem_4.5rem_7rem_6rem_minmax(10rem,1fr)]';

interface TimelineRowProps {
  row: TimelineEvent;
  /** aria-rowindex (1-based, the header is 1). */
  rowIndex: number;
  selected: boolean;
  compact: boolean;
  links: EventLinks;
  onSelect(seq: number): void;
  onOpen(seq: number): void;
}

/** One event on one fixed-height line (the list is virtualized by row height). */
export const TimelineRow = memo(function TimelineRow({
  row,
  rowIndex,
  selected,
  compact,
  links,
  onSelect,
  onOpen,
}: TimelineRowProps) {
  const e = row.event;
  const summary = rowSummary(row);
  const link = keyLink(e, links);
  const key = e.Key === '' ? '""' : e.Key;
  const failed = summary.tone === 'bad';
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      aria-selected={selected}
      data-testid="timeline-row"
      data-seq={row.seq}
      data-index={e.Index}
      onClick={() => onSelect(row.seq)}
      onDoubleClick={() => onOpen(row.seq)}
      style={{ height: ROW_HEIGHT }}
      className={`grid ${compact ? GRID_COMPACT : GRID_FULL} cursor-pointer items-center gap-2 border-b border-l-4 border-b-zinc-100 px-2 text-xs dark:border-b-zinc-800/70 ${
        failed ? 'border-l-red-500' : 'border-l-transparent'
      } ${selected ? 'bg-teal-50 dark:bg-teal-950/50' : 'hover:bg-zinc-50 dark:hover:bg-zinc-800/50'}`}
    >
      <span role="cell" className="text-zinc-500 tabular-nums dark:text-zinc-400">
        {formatTime(row.receivedAt)}
      </span>
      <span role="cell" className="font-mono text-zinc-600 tabular-nums dark:text-zinc-400">
        {e.Index}
      </span>
      <span role="cell" className="min-w-0">
        <span
          className={`inline-block max-w-full truncate rounded px-1.5 py-0.5 ring-1 ring-inset ${topicChipClass(e.Topic)}`}
        >
          {e.Topic}
        </span>
      </span>
      {!compact && (
        <span role="cell" className="truncate text-zinc-700 dark:text-zinc-300" title={e.Type}>
          {e.Type}
        </span>
      )}
      <span role="cell" className="truncate font-mono" title={e.Key}>
        {link ? (
          <Link
            to={link.href}
            aria-label={`Open ${link.label}`}
            onClick={(ev) => ev.stopPropagation()}
            className="text-teal-700 hover:underline dark:text-teal-300"
          >
            {shortId(key)}
          </Link>
        ) : (
          <span className="text-zinc-700 dark:text-zinc-300">{shortId(key)}</span>
        )}
      </span>
      {!compact && (
        <span role="cell" className="truncate text-zinc-600 dark:text-zinc-400" title={e.Namespace}>
          {e.Namespace || '—'}
        </span>
      )}
      <span role="cell" className={`truncate ${TONE[summary.tone]}`} title={summary.text}>
        {summary.text}
      </span>
    </div>
  );
});
