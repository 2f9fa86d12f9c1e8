import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef } from 'react';

interface TextLinesProps {
  lines: readonly string[];
  /** Number shown for the first line; undefined hides numbers. */
  firstNumber: number | undefined;
  wrap: boolean;
  /** Called when the reader scrolls to the top (-1) or bottom (+1) edge. */
  onEdge?(direction: 1 | -1): void;
  stickToEnd?: boolean;
  label: string;
  /** Byte offset of the first line: when it moves back, lines were added above. */
  startOffset?: number;
}

/** A virtualized, numbered text view: only the visible lines are in the DOM. */
export function TextLines({ lines, firstNumber, wrap, onEdge, stickToEnd, label, startOffset }: TextLinesProps) {
  const ref = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render only; nothing memoizes its functions
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => ref.current,
    estimateSize: () => 20,
    overscan: 30,
  });
  useEffect(() => {
    if (stickToEnd && ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [stickToEnd, lines]);
  // An earlier window loaded above: keep the lines being read where they were.
  const prev = useRef({ start: startOffset, count: lines.length });
  useLayoutEffect(() => {
    const before = prev.current;
    prev.current = { start: startOffset, count: lines.length };
    if (startOffset === undefined || before.start === undefined || startOffset >= before.start || !ref.current) return;
    ref.current.scrollTop += Math.max(0, lines.length - before.count) * 20;
  }, [lines, startOffset]);
  const items = virtualizer.getVirtualItems();
  const digits = String((firstNumber ?? 0) + lines.length).length;
  return (
    <div
      ref={ref}
      role="region"
      aria-label={label}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        if (el.scrollTop === 0) onEdge?.(-1);
        else if (el.scrollHeight - el.scrollTop - el.clientHeight < 40) onEdge?.(1);
      }}
      className="h-[65vh] overflow-auto rounded-md border border-zinc-200 bg-white font-mono text-xs leading-5 dark:border-zinc-800 dark:bg-zinc-950"
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
          {items.map((item) => (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              data-testid="file-line"
              className="flex gap-3 px-2"
            >
              {firstNumber !== undefined && (
                <span
                  className="shrink-0 text-right text-zinc-400 select-none dark:text-zinc-600"
                  style={{ width: `${digits}ch` }}
                >
                  {firstNumber + item.index}
                </span>
              )}
              <span className={wrap ? 'break-all whitespace-pre-wrap' : 'whitespace-pre'}>
                {lines[item.index] || ' '}
              </span>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
