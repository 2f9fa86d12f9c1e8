import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { LogLine } from '../lib/line-buffer.ts';
import type { LogSession } from '../lib/log-session.ts';
import { LogLineRow } from './log-line.tsx';

export interface LogViewHandle {
  scrollToSeq(seq: number): void;
  scrollToEnd(): void;
}

interface LogViewProps {
  session: LogSession;
  version: number;
  filter: boolean;
  wrap: boolean;
  strip: boolean;
  lineNumbers: boolean;
  timestamps: boolean;
  merged: boolean;
  highlight: RegExp | null;
  currentMatch: number | null;
  following: boolean;
  onFollowChange(following: boolean): void;
  handle: RefObject<LogViewHandle | null>;
}

type Row = Pick<LogLine, 'text' | 'source' | 'at' | 'marker'> & { seq?: number };

/** The virtualized line list: only visible rows are in the DOM, whatever the buffer holds. */
export function LogView(props: LogViewProps) {
  const { session, filter } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastTop = useRef(0);
  const index = session.matchIndex;
  const pending = filter ? [] : session.pending();
  const count = filter && index ? index.visible.length : session.buffer.size + pending.length;

  const rowAt = (i: number): Row | undefined => {
    if (filter && index) return session.buffer.bySeq(index.visible.at(i) ?? NaN);
    if (i < session.buffer.size) return session.buffer.get(i);
    const p = pending[i - session.buffer.size];
    return p ? { ...p, at: Date.now() } : undefined;
  };

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render only; nothing memoizes its functions
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 20,
    overscan: 30,
  });

  const { onFollowChange, following, handle } = props;

  const scrollToEnd = useCallback(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  useEffect(() => {
    handle.current = {
      scrollToEnd,
      scrollToSeq: (seq) => {
        const i = filter && index ? index.visible.lowerBound(seq) : session.buffer.indexOfSeq(seq);
        if (i >= 0) virtualizer.scrollToIndex(i, { align: 'center' });
      },
    };
  });

  // Older lines loaded above: keep the lines the reader was looking at in place.
  const firstSeq = useRef(session.buffer.firstSeq);
  useLayoutEffect(() => {
    const now = session.buffer.firstSeq;
    const added = firstSeq.current - now;
    firstSeq.current = now;
    const el = scrollRef.current;
    if (following) scrollToEnd();
    else if (added > 0 && el && !filter) el.scrollTop += added * 20;
  }, [following, props.version, count, scrollToEnd, session, filter]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
    // Only a scroll that moves down to the end resumes following: the scroll events of our own
    // scrollToEnd, or of a relayout (wrap), must not undo an explicit pause (f, n/N).
    if (atBottom && !following && el.scrollTop > lastTop.current) onFollowChange(true);
    else if (!atBottom && following && el.scrollTop < lastTop.current) onFollowChange(false);
    lastTop.current = el.scrollTop;
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={scrollRef}
      onScroll={onScroll}
      tabIndex={0}
      role="log"
      aria-label="Log lines"
      aria-live="off"
      className="min-h-0 flex-1 overflow-auto rounded-md border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: '100%' }}>
        <div
          style={{
            position: 'absolute',
            top: 0,
            left: 0,
            minWidth: '100%',
            transform: `translateY(${items[0]?.start ?? 0}px)`,
          }}
        >
          {items.map((item) => {
            const row = rowAt(item.index);
            if (!row) return null;
            const prev = filter && item.index > 0 ? index?.visible.at(item.index - 1) : undefined;
            return (
              <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} data-testid="log-row">
                <LogLineRow
                  line={row}
                  number={
                    !props.lineNumbers
                      ? undefined
                      : row.seq === undefined
                        ? null
                        : row.seq - session.buffer.originSeq + 1
                  }
                  showSource={props.merged}
                  showTime={props.timestamps}
                  strip={props.strip}
                  wrap={props.wrap}
                  highlight={props.highlight}
                  current={row.seq !== undefined && row.seq === props.currentMatch}
                  gapBefore={prev !== undefined && row.seq !== undefined && row.seq - prev > 1}
                />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
