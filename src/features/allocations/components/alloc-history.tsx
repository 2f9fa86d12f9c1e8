import { Link } from 'react-router';
import { RelativeTime } from '@/components/relative-time.tsx';
import { linkClass } from '@/components/styles.ts';
import { nanosToMs } from '@/lib/format-time.ts';
import type { Allocation } from '@/lib/nomad/types.ts';

interface AllocHistoryProps {
  alloc: Allocation;
  allocHref: (id: string) => string;
}

const short = (id: string) => id.slice(0, 8);

/** Where this allocation came from and what replaced it: the reschedule tracker and its neighbours. */
export function AllocHistory({ alloc, allocHref }: AllocHistoryProps) {
  const events = alloc.RescheduleTracker?.Events ?? [];
  const nothing =
    !alloc.PreviousAllocation && !alloc.NextAllocation && events.length === 0 && !alloc.PreemptedByAllocation;
  if (nothing)
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        This allocation replaced none and has not been replaced.
      </p>
    );
  return (
    <div className="space-y-3 text-sm">
      <ul className="space-y-1">
        {alloc.PreviousAllocation && (
          <li>
            Previous allocation:{' '}
            <Link to={allocHref(alloc.PreviousAllocation)} className={`${linkClass} font-mono`}>
              {short(alloc.PreviousAllocation)}
            </Link>
          </li>
        )}
        {alloc.NextAllocation && (
          <li>
            Replaced by:{' '}
            <Link to={allocHref(alloc.NextAllocation)} className={`${linkClass} font-mono`}>
              {short(alloc.NextAllocation)}
            </Link>
          </li>
        )}
        {alloc.PreemptedByAllocation && (
          <li>
            Preempted by:{' '}
            <Link to={allocHref(alloc.PreemptedByAllocation)} className={`${linkClass} font-mono`}>
              {short(alloc.PreemptedByAllocation)}
            </Link>
          </li>
        )}
      </ul>
      {events.length > 0 && (
        <ol className="space-y-1" aria-label="Reschedule attempts">
          {events.map((e) => (
            <li key={e.PrevAllocID}>
              Rescheduled <RelativeTime ms={nanosToMs(e.RescheduleTime)} /> from{' '}
              <Link to={allocHref(e.PrevAllocID)} className={`${linkClass} font-mono`}>
                {short(e.PrevAllocID)}
              </Link>{' '}
              after a delay of {Math.round(e.Delay / 1e9)} s
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
