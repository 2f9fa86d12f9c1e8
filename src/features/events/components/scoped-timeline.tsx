import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { linkClass } from '@/components/styles.ts';
import type { StreamStart } from '@/lib/nomad/event-stream.ts';
import { useTimelineSettings } from '../hooks/use-timeline-settings.ts';
import { useTimeline } from '../hooks/use-timeline.ts';
import { DEFAULT_EVENT_LINKS, eventsSearch, type EventLinks } from '../lib/event-links.ts';
import { NO_FACETS } from '../lib/facets.ts';
import { aclNeeded, topicIssues } from '../lib/subscription.ts';
import { ConnectionStatus } from './connection-status.tsx';
import { EventDetailDrawer } from './event-detail-drawer.tsx';
import { TimelineList } from './timeline-list.tsx';

export interface ScopedTimelineProps {
  /** `Topic:Key` values for one object, e.g. `scopedTopics.job(id)` from lib/event-links.ts. */
  topics: string[];
  namespace: string;
  region?: string | undefined;
  title?: string | undefined;
  /** Where keys and "Open in Events" lead; the app's routes by default. */
  links?: EventLinks | undefined;
}

/** A scoped timeline never needs the full buffer: one object's history is short. */
const SCOPED_CAPACITY = 2_000;
const FROM_BUFFER: StreamStart = { from: 'buffer' };

/**
 * A compact live timeline for one object (a job, an allocation, a node), newest first:
 * everything the server still buffers for it, then live, with the connection's state and a
 * link to the full Events page with the same subscription.
 */
export function ScopedTimeline({ topics, namespace, region, title = 'Events', links }: ScopedTimelineProps) {
  const settings = useTimelineSettings();
  const to = links ?? DEFAULT_EVENT_LINKS;
  const topicsKey = topics.join('\n');
  const stableTopics = useMemo(() => (topicsKey ? topicsKey.split('\n') : []), [topicsKey]);
  const errors = topicIssues(stableTopics).filter((i) => i.level === 'error');
  const timeline = useTimeline(
    { topics: stableTopics, namespace, region, start: FROM_BUFFER },
    {
      capacity: Math.min(settings.bufferSize, SCOPED_CAPACITY),
      heartbeatSeconds: settings.heartbeatSeconds,
      facets: NO_FACETS,
      enabled: errors.length === 0,
    },
  );
  const [follow, setFollow] = useState(true);
  const [selected, setSelected] = useState<number>();
  const [open, setOpen] = useState<number>();
  const onOpen = useCallback((seq: number) => {
    setSelected(seq);
    setOpen(seq);
  }, []);
  const openRow = open === undefined ? undefined : timeline.store.find(open);
  const { snapshot } = timeline;
  const count = snapshot.view.end - snapshot.view.start;

  return (
    <section aria-label={title} className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</h2>
        <div className="flex flex-wrap items-center gap-3 text-xs">
          <ConnectionStatus status={snapshot.status} onRetry={timeline.retryNow} compact idle={errors.length > 0} />
          <span className="text-zinc-500 tabular-nums dark:text-zinc-400">
            {count} event{count === 1 ? '' : 's'}
          </span>
          <Link to={to.events(eventsSearch(stableTopics, namespace, region))} className={linkClass}>
            Open in Events
          </Link>
        </div>
      </div>
      {errors.map((e) => (
        <p key={e.raw} role="alert" className="text-sm text-red-700 dark:text-red-300">
          {e.message}
        </p>
      ))}
      {snapshot.status?.closeKind === 'permission' && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {snapshot.status.reason} These topics need {aclNeeded(stableTopics, namespace)}.
        </p>
      )}
      <TimelineList
        view={snapshot.view}
        label={title}
        links={to}
        compact
        heightClass="h-64"
        selectedSeq={selected}
        onSelect={setSelected}
        onOpen={onOpen}
        follow={follow}
        onFollowChange={setFollow}
        empty="No events for this object in the server's buffer yet; new ones appear here live."
      />
      {openRow && (
        <EventDetailDrawer
          event={openRow}
          previous={timeline.store.previousOf(openRow)}
          onClose={() => setOpen(undefined)}
        />
      )}
    </section>
  );
}
