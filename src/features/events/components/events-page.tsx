import { useCallback, useMemo, useRef, useState } from 'react';
import { PageHeader } from '@/components/page-header.tsx';
import { useTimelineKeys } from '../hooks/use-timeline-keys.ts';
import { useTimelineSettings } from '../hooks/use-timeline-settings.ts';
import { useTimelineUrl } from '../hooks/use-timeline-url.ts';
import { useTimeline } from '../hooks/use-timeline.ts';
import type { EventLinks } from '../lib/event-links.ts';
import { defaultExportFilename, downloadNdjson } from '../lib/export-ndjson.ts';
import { hasFacets } from '../lib/facets.ts';
import { moveSelection } from '../lib/selection.ts';
import { topicIssues } from '../lib/subscription.ts';
import { viewLength } from '../lib/timeline-store.ts';
import { ConnectionStatus } from './connection-status.tsx';
import { EventDetailDrawer } from './event-detail-drawer.tsx';
import { StreamNotices } from './stream-notices.tsx';
import { SubscriptionControls } from './subscription-controls.tsx';
import { TimelineList } from './timeline-list.tsx';
import { TimelineStats } from './timeline-stats.tsx';
import { TimelineToolbar } from './timeline-toolbar.tsx';

interface EventsPageProps {
  namespace: string;
  region: string | undefined;
  links: EventLinks;
}

/** The live event timeline: subscription, facets, status, the list and the details drawer. */
export function EventsPage({ namespace, region, links }: EventsPageProps) {
  const url = useTimelineUrl();
  const settings = useTimelineSettings();
  const issues = useMemo(() => topicIssues(url.topics), [url.topics]);
  const valid = !issues.some((i) => i.level === 'error');
  const timeline = useTimeline(
    { topics: url.topics, namespace, region, start: url.start },
    { capacity: settings.bufferSize, heartbeatSeconds: settings.heartbeatSeconds, facets: url.facets, enabled: valid },
  );
  const { snapshot, store } = timeline;
  const [follow, setFollow] = useState(true);
  const [selected, setSelected] = useState<number>();
  const [open, setOpen] = useState<number>();
  const searchRef = useRef<HTMLInputElement>(null);

  const onOpen = useCallback((seq: number) => {
    setSelected(seq);
    setOpen(seq);
  }, []);
  const togglePause = () => (snapshot.paused ? timeline.resume() : timeline.pause());

  useTimelineKeys({
    onMove: (delta) => {
      const next = moveSelection(snapshot.view, selected, delta);
      if (next === undefined) return;
      setSelected(next);
      if (open !== undefined) setOpen(next);
    },
    onOpen: () => {
      if (selected !== undefined) setOpen(selected);
    },
    onTogglePause: togglePause,
    onFocusSearch: () => searchRef.current?.focus(),
  });

  const filtered = hasFacets(snapshot.facets);
  const onExport = () => {
    const view = snapshot.view;
    const events = filtered ? view.items.slice(view.start, view.end).map((r) => r.event) : store.bufferedEvents();
    downloadNdjson(events, defaultExportFilename());
  };
  const openRow = open === undefined ? undefined : store.find(open);

  return (
    <div className="space-y-4">
      <PageHeader
        title="Events"
        description="Everything the cluster does, live from Nomad’s event stream."
        actions={<ConnectionStatus status={snapshot.status} onRetry={timeline.retryNow} idle={!valid} />}
      />
      <SubscriptionControls
        topics={url.topics}
        namespace={namespace}
        start={url.start}
        issues={issues}
        onTopicsChange={url.setTopics}
        onStartChange={url.setStart}
      />
      <StreamNotices status={snapshot.status} topics={url.topics} namespace={namespace} start={url.start} />
      <TimelineToolbar
        facets={url.facets}
        types={snapshot.types}
        onFacetsChange={url.setFacets}
        searchRef={searchRef}
        paused={snapshot.paused}
        pendingNew={snapshot.pendingNew}
        onTogglePause={togglePause}
        follow={follow}
        onFollow={() => setFollow(true)}
        onExport={onExport}
        filtered={filtered}
      />
      <TimelineStats snapshot={snapshot} shown={viewLength(snapshot.view)} />
      <TimelineList
        view={snapshot.view}
        label="Event timeline"
        links={links}
        heightClass="h-[calc(100vh-24rem)] min-h-72"
        selectedSeq={selected}
        onSelect={setSelected}
        onOpen={onOpen}
        follow={follow}
        onFollowChange={setFollow}
        empty={
          !valid
            ? 'Not subscribed: fix the topics above.'
            : filtered && snapshot.size > 0
              ? 'No buffered event matches the search or type.'
              : 'No events yet. They appear here as the cluster changes.'
        }
      />
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> details, <kbd>Space</kbd> pause, <kbd>/</kbd> search,{' '}
        <kbd>Esc</kbd> close.
      </p>
      {openRow && (
        <EventDetailDrawer event={openRow} previous={store.previousOf(openRow)} onClose={() => setOpen(undefined)} />
      )}
    </div>
  );
}
