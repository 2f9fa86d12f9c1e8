import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { EventLinks } from '../lib/event-links.ts';
import { moveSelection } from '../lib/selection.ts';
import { viewIndexOf, viewLength, viewRow, type ViewWindow } from '../lib/timeline-store.ts';
import { GRID_COMPACT, GRID_FULL, ROW_HEIGHT, TimelineRow } from './timeline-row.tsx';

interface TimelineListProps {
  view: ViewWindow;
  label: string;
  links: EventLinks;
  compact?: boolean;
  /** Tailwind height classes for the scrolling area. */
  heightClass: string;
  selectedSeq: number | undefined;
  onSelect(seq: number): void;
  onOpen(seq: number): void;
  /** Following sticks to the newest row (the top); scrolling away stops following. */
  follow: boolean;
  onFollowChange(follow: boolean): void;
  empty: string;
}

const HEAD = ['Time', 'Index', 'Topic', 'Type', 'Key', 'Namespace', 'Summary'];
const HEAD_COMPACT = ['Time', 'Index', 'Topic', 'Key', 'Summary'];
const OVERSCAN = 8;

/** Where the reader is when not following: the row at the top of the viewport, by arrival number. */
interface Anchor {
  seq: number;
  offset: number;
}

/**
 * The virtualized event list, newest first. Rows have one fixed height, so the visible range
 * is arithmetic: a frame costs O(visible rows + log n) whatever the buffer holds (a general
 * virtualizer re-measures every row when rows are added at the top). While not following,
 * the position is kept as "this row at the top", so rows arriving above it or leaving the
 * buffer below never move what the reader looks at.
 */
export function TimelineList(props: TimelineListProps) {
  const { view, links, compact = false, selectedSeq, onSelect, onOpen, follow, onFollowChange } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(640);
  const [anchor, setAnchor] = useState<Anchor>();
  const count = viewLength(view);
  // Newest first: display position i is the (count-1-i)-th row of the oldest-first view.
  const rowAt = (i: number) => viewRow(view, count - 1 - i);
  const positionOf = (seq: number) => {
    const at = viewIndexOf(view, seq);
    return at < 0 ? -1 : count - 1 - at;
  };

  let top = 0;
  if (!follow && anchor) {
    const p = positionOf(anchor.seq);
    // The anchor row left the buffer: stay at the oldest rows, where it was.
    top = (p < 0 ? Math.max(0, count - 1) : p) * ROW_HEIGHT + anchor.offset;
  }
  top = Math.max(0, Math.min(top, count * ROW_HEIGHT - height));
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);

  // The scroll position as last set or reported. Reading `scrollTop` after a commit would
  // force a synchronous layout every frame; the scroll event keeps this current instead.
  const knownTop = useRef(0);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || Math.abs(knownTop.current - top) < 1) return;
    el.scrollTop = top;
    knownTop.current = top;
  });

  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const measure = () => setHeight(el.clientHeight || 640);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const anchorAt = (scrollTop: number): Anchor | undefined => {
    const row = rowAt(Math.floor(scrollTop / ROW_HEIGHT));
    return row ? { seq: row.seq, offset: scrollTop % ROW_HEIGHT } : undefined;
  };
  const setAnchorIfChanged = (next: Anchor | undefined) =>
    setAnchor((prev) => (prev?.seq === next?.seq && prev?.offset === next?.offset ? prev : next));

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    knownTop.current = el.scrollTop;
    if (Math.abs(el.scrollTop - top) < 1) return; // our own positioning
    const atTop = el.scrollTop < ROW_HEIGHT / 2;
    setAnchorIfChanged(atTop ? undefined : anchorAt(el.scrollTop));
    if (atTop !== follow) onFollowChange(atTop);
  };

  // Bring a row chosen from the keyboard into view (not rows merely arriving).
  useEffect(() => {
    if (selectedSeq === undefined) return;
    const p = positionOf(selectedSeq);
    if (p < 0) return;
    let next: number | undefined;
    if (p * ROW_HEIGHT < top) next = p * ROW_HEIGHT;
    else if ((p + 1) * ROW_HEIGHT > top + height) next = (p + 1) * ROW_HEIGHT - height;
    // Scrolling is the DOM's business; the scroll event then records the new position.
    if (next !== undefined && scroller.current) scroller.current.scrollTop = next;
    // Only when the selection moves: following the list must not fight the reader.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedSeq]);

  // Arrow keys and Enter while the list has focus; j/k work page-wide on the Events page.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = moveSelection(view, selectedSeq, e.key === 'ArrowDown' ? 1 : -1);
      if (next !== undefined) onSelect(next);
    } else if (e.key === 'Enter' && selectedSeq !== undefined) {
      onOpen(selectedSeq);
    } else {
      return;
    }
    e.preventDefault();
  };

  const rows = [];
  for (let i = first; i < last; i++) {
    const row = rowAt(i);
    if (!row) continue;
    rows.push(
      // Keyed by slot, not by event: in follow mode under a firehose every visible row shows a
      // new event each frame, and updating a row's text is far cheaper than replacing its DOM.
      <div key={i - first} role="none" style={{ position: 'absolute', top: i * ROW_HEIGHT, left: 0, right: 0 }}>
        <TimelineRow
          row={row}
          rowIndex={i + 2}
          selected={row.seq === selectedSeq}
          compact={compact}
          links={links}
          onSelect={onSelect}
          onOpen={onOpen}
        />
      </div>,
    );
  }

  const head = compact ? HEAD_COMPACT : HEAD;
  return (
    <div
      role="table"
      aria-label={props.label}
      aria-rowcount={count + 1}
      className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div role="rowgroup">
        <div
          role="row"
          aria-rowindex={1}
          className={`grid ${compact ? GRID_COMPACT : GRID_FULL} gap-2 border-b border-l-4 border-zinc-200 border-l-transparent bg-zinc-50 px-2 py-1.5 text-xs font-medium text-zinc-600 dark:border-zinc-800 dark:border-l-transparent dark:bg-zinc-900 dark:text-zinc-400`}
        >
          {head.map((h) => (
            <span key={h} role="columnheader">
              {h}
            </span>
          ))}
        </div>
      </div>
      {/* Strict containment: rows changing every frame never re-lay out or repaint the page around. */}
      <div
        ref={scroller}
        role="rowgroup"
        tabIndex={0}
        aria-label={`${props.label}, newest first`}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        className={`${props.heightClass} overflow-y-auto outline-none [contain:strict] focus-visible:ring-2 focus-visible:ring-teal-600 focus-visible:ring-inset`}
      >
        {count === 0 ? (
          <p className="px-3 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">{props.empty}</p>
        ) : (
          <div style={{ height: count * ROW_HEIGHT, position: 'relative' }}>{rows}</div>
        )}
      </div>
    </div>
  );
}
