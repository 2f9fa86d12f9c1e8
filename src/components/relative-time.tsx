import { formatDateTime, formatRelative } from '@/lib/format-time.ts';
import { useNow } from '@/lib/use-now.ts';

/** "5m ago", kept current, with the exact local time in the tooltip and `dateTime`. */
export function RelativeTime({ ms }: { ms: number }) {
  const now = useNow();
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatDateTime(ms)} className="whitespace-nowrap">
      {formatRelative(ms, now)}
    </time>
  );
}
