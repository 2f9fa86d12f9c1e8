import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { LiveIndicator } from '@/components/live-indicator.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { Panel } from '@/components/panel.tsx';
import { primaryButtonClass } from '@/components/styles.ts';
import { liveStatus } from '@/lib/nomad/live-status.ts';
import { sinkQueries, withSinkCapability } from '../api/sink-queries.ts';
import { useSinksView } from '../hooks/use-sinks-url.ts';
import { SinkDetail } from './sink-detail.tsx';
import { SinkEditor } from './sink-editor.tsx';
import { SinkList } from './sink-list.tsx';

/** Event sinks: webhooks the nomad-live server feeds from the event stream, with their delivery state. */
export function SinksPage() {
  const { view, href, go } = useSinksView();
  const list = useQuery(sinkQueries.list());
  const sinks = list.data ?? [];
  const selectedId = view.mode === 'view' || view.mode === 'edit' ? view.id : null;
  const selected = sinks.find((s) => s.ID === selectedId);
  // While a transient failure is retried (Nomad down, the token check failing) the list keeps
  // its last data or "Loading"; the badge says what failed and since when.
  const retry = () => void list.refetch({ cancelRefetch: true });

  return (
    <div className="space-y-5">
      <PageHeader
        title="Sinks"
        description="Forward the cluster’s events to webhooks. Delivered by the nomad-live server: at least once, in order, retried until the receiver answers 2xx."
        actions={
          <>
            <LiveIndicator status={liveStatus(list)} onRetry={retry} />
            <Link className={primaryButtonClass} to={href({ mode: 'new' })}>
              New sink
            </Link>
          </>
        }
      />
      {list.isError && (
        <ErrorAlert title="Could not load sinks" error={withSinkCapability(list.error, 'read')} onRetry={retry} />
      )}
      {view.mode === 'new' && (
        <SinkEditor
          existing={undefined}
          takenIds={sinks.map((s) => s.ID)}
          onSaved={(id) => go({ mode: 'view', id })}
          onCancel={() => go({ mode: 'list' })}
        />
      )}
      {view.mode === 'edit' && selected && (
        <SinkEditor
          key={selected.ID}
          existing={selected}
          takenIds={[]}
          onSaved={(id) => go({ mode: 'view', id })}
          onCancel={() => go({ mode: 'view', id: selected.ID })}
        />
      )}
      {view.mode === 'view' && selected && (
        <SinkDetail
          key={selected.ID}
          sink={selected}
          editHref={href({ mode: 'edit', id: selected.ID })}
          onDeleted={() => go({ mode: 'list' })}
        />
      )}
      {selectedId && list.isSuccess && !selected && (
        <p role="alert" className="text-sm text-zinc-700 dark:text-zinc-300">
          There is no sink named “{selectedId}” (it may have been deleted).
        </p>
      )}
      <Panel title="All sinks" actions={list.data && <span className="text-zinc-500">{sinks.length}</span>}>
        {list.isPending ? (
          <p className="text-sm text-zinc-500">Loading sinks…</p>
        ) : (
          <SinkList sinks={sinks} selected={selectedId} hrefFor={(id) => href({ mode: 'view', id })} />
        )}
      </Panel>
    </div>
  );
}
