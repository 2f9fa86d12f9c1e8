import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { Link } from 'react-router';
import { CopyButton } from '@/components/copy-button.tsx';
import { RelativeTime } from '@/components/relative-time.tsx';
import { linkClass } from '@/components/styles.ts';
import { nanosToMs } from '@/lib/format-time.ts';
import type { AllocListStub } from '@/lib/nomad/types.ts';
import type { SortKey } from '../lib/alloc-filters.ts';
import { AllocStatusBadge } from './alloc-status-badge.tsx';
import { AllocUsageCell } from './alloc-usage-cell.tsx';

export interface AllocLinks {
  allocHref: (id: string) => string;
  jobHref: (job: { namespace: string; id: string }) => string;
  nodeHref: (id: string) => string;
}

interface AllocationsTableProps extends AllocLinks {
  allocs: readonly AllocListStub[];
  sort: SortKey;
  desc: boolean;
  onSort: (key: SortKey) => void;
  showNamespace: boolean;
  /** Columns that say nothing where the table is embedded (the job column on a job's page). */
  hide?: readonly SortKey[];
  caption: string;
  /**
   * Poll and show CPU and memory for running rows. Each row is a request every few seconds,
   * so only tables that hold a handful of running allocations turn this on.
   */
  usage?: { region: string | undefined } | undefined;
  /** Height of the scrolling area; the table virtualizes rows inside it. */
  maxHeight?: string;
}

interface Column {
  key: SortKey;
  label: string;
  width: string;
}

const COLUMNS: readonly Column[] = [
  { key: 'id', label: 'ID', width: '8rem' },
  { key: 'job', label: 'Job', width: 'minmax(8rem,1.4fr)' },
  { key: 'group', label: 'Task group', width: 'minmax(6rem,1fr)' },
  { key: 'node', label: 'Node', width: 'minmax(7rem,1fr)' },
  { key: 'namespace', label: 'Namespace', width: '6rem' },
  { key: 'status', label: 'Status', width: '6rem' },
  { key: 'desired', label: 'Desired', width: '4.25rem' },
  { key: 'version', label: 'Version', width: '4.75rem' },
  { key: 'created', label: 'Created', width: '5.5rem' },
  { key: 'modified', label: 'Modified', width: '6.5rem' },
];

const ROW_HEIGHT = 40;
const cell = 'truncate px-2 py-2 text-sm';

/**
 * The allocation table used on every page that lists allocations. Only the rows in view are
 * in the DOM (tens of thousands of allocations stay fast); ARIA table roles and
 * `aria-rowindex` keep it a table for assistive technology.
 */
export function AllocationsTable(props: AllocationsTableProps) {
  const { allocs, sort, desc, onSort, showNamespace, caption } = props;
  const hidden = new Set<SortKey>(props.hide ?? []);
  if (!showNamespace) hidden.add('namespace');
  const columns = COLUMNS.filter((c) => !hidden.has(c.key));
  const widths = columns.map((c) => c.width);
  if (props.usage) widths.push('9.5rem');
  const grid = { gridTemplateColumns: widths.join(' ') };
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render only; nothing memoizes its functions
  const virtualizer = useVirtualizer({
    count: allocs.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => allocs[i]!.ID,
  });

  return (
    <div
      role="table"
      aria-label={caption}
      aria-rowcount={allocs.length + 1}
      className="-mx-4 overflow-x-auto text-zinc-800 dark:text-zinc-200"
    >
      <div style={{ minWidth: props.usage ? '71.5rem' : '62rem' }}>
        <div role="rowgroup" className="border-b border-zinc-200 dark:border-zinc-800">
          <div role="row" aria-rowindex={1} className="grid px-2" style={grid}>
            {columns.map((c) => (
              <div
                key={c.key}
                role="columnheader"
                aria-sort={sort === c.key ? (desc ? 'descending' : 'ascending') : 'none'}
                className="px-2 py-1.5"
              >
                <button
                  type="button"
                  onClick={() => onSort(c.key)}
                  className="text-xs font-semibold tracking-wide text-zinc-600 uppercase hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-white"
                >
                  {c.label}
                  <span aria-hidden="true">{sort === c.key ? (desc ? ' ↓' : ' ↑') : ''}</span>
                </button>
              </div>
            ))}
            {props.usage && (
              <div
                role="columnheader"
                className="px-2 py-1.5 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400"
              >
                Usage
              </div>
            )}
          </div>
        </div>
        <div
          ref={scrollRef}
          role="rowgroup"
          className="overflow-y-auto"
          style={{ maxHeight: props.maxHeight ?? '70vh' }}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const a = allocs[item.index]!;
              return (
                <div
                  key={item.key}
                  role="row"
                  data-testid="alloc-row"
                  aria-rowindex={item.index + 2}
                  className="absolute inset-x-0 grid items-center border-b border-zinc-100 px-2 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-800/40"
                  style={{ ...grid, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  <div role="cell" className={`${cell} flex items-center gap-0.5`}>
                    <Link to={props.allocHref(a.ID)} className={`${linkClass} font-mono text-[13px]`} title={a.ID}>
                      {a.ID.slice(0, 8)}
                    </Link>
                    <CopyButton text={a.ID} label={`Copy allocation ID ${a.ID}`} />
                  </div>
                  {!hidden.has('job') && (
                    <div role="cell" className={cell} title={a.Name}>
                      <Link to={props.jobHref({ namespace: a.Namespace, id: a.JobID })} className={linkClass}>
                        {a.JobID}
                      </Link>
                    </div>
                  )}
                  <div role="cell" className={cell}>
                    {a.TaskGroup}
                  </div>
                  {!hidden.has('node') && (
                    <div role="cell" className={cell}>
                      <Link to={props.nodeHref(a.NodeID)} className={linkClass} title={a.NodeID}>
                        {a.NodeName || a.NodeID.slice(0, 8)}
                      </Link>
                    </div>
                  )}
                  {!hidden.has('namespace') && (
                    <div role="cell" className={cell}>
                      {a.Namespace}
                    </div>
                  )}
                  <div role="cell" className={cell}>
                    <AllocStatusBadge status={a.ClientStatus} description={a.ClientDescription} />
                  </div>
                  <div role="cell" className={cell} title={a.DesiredDescription || undefined}>
                    {a.DesiredStatus}
                  </div>
                  <div role="cell" className={`${cell} tabular-nums`}>
                    {a.JobVersion}
                  </div>
                  <div role="cell" className={`${cell} text-zinc-600 dark:text-zinc-400`}>
                    <RelativeTime ms={nanosToMs(a.CreateTime)} />
                  </div>
                  <div role="cell" className={`${cell} text-zinc-600 dark:text-zinc-400`}>
                    <RelativeTime ms={nanosToMs(a.ModifyTime)} />
                  </div>
                  {props.usage && (
                    <div role="cell" className={`${cell} text-xs text-zinc-600 dark:text-zinc-400`}>
                      {a.ClientStatus === 'running' ? <AllocUsageCell id={a.ID} region={props.usage.region} /> : null}
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
