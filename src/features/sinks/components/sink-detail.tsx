import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ActionDialog } from '@/components/action-dialog.tsx';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { LiveIndicator } from '@/components/live-indicator.tsx';
import { Panel } from '@/components/panel.tsx';
import { buttonClass, dangerButtonClass } from '@/components/styles.ts';
import { liveStatus } from '@/lib/nomad/live-status.ts';
import type { EventSink } from '@/lib/nomad/types.ts';
import { sinkActions, sinkKeys, sinkQueries, withSinkCapability } from '../api/sink-queries.ts';
import { describeMatching } from '../lib/topic-rows.ts';
import { DeliveryLog } from './delivery-log.tsx';
import { DeliveryState } from './delivery-state.tsx';

interface SinkDetailProps {
  sink: EventSink;
  editHref: string;
  /** Called once the sink is gone, to leave its view. */
  onDeleted: () => void;
}

function TestButton({ id }: { id: string }) {
  const test = useMutation(sinkActions.test());
  const r = test.data;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" className={buttonClass} disabled={test.isPending} onClick={() => test.mutate(id)}>
        {test.isPending ? 'Sending…' : 'Send test event'}
      </button>
      <span role="status" className="text-sm">
        {r &&
          (r.StatusCode >= 200 && r.StatusCode < 300
            ? `Receiver answered ${r.StatusCode} in ${r.LatencyMs} ms.`
            : `Test failed: ${r.StatusCode ? `HTTP ${r.StatusCode}` : 'no response'}${r.Error ? ` — ${r.Error}` : ''} (${r.LatencyMs} ms).`)}
      </span>
      {test.isError && (
        <ErrorAlert title="Could not send a test event" error={withSinkCapability(test.error, 'write')} />
      )}
    </div>
  );
}

function DeleteButton({ id, onDeleted }: { id: string; onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const client = useQueryClient();
  const remove = useMutation({
    ...sinkActions.remove(),
    onSuccess: async () => {
      setOpen(false);
      onDeleted();
      await client.invalidateQueries({ queryKey: sinkKeys.lists() });
    },
  });
  return (
    <>
      <button type="button" className={dangerButtonClass} onClick={() => setOpen(true)}>
        Delete
      </button>
      <ActionDialog
        open={open}
        title={`Delete sink ${id}`}
        confirmLabel="Delete sink"
        pendingLabel="Deleting…"
        danger
        status={remove.status}
        error={withSinkCapability(remove.error, 'write')}
        onConfirm={() => remove.mutate(id)}
        onClose={() => {
          setOpen(false);
          remove.reset();
        }}
      >
        <p>
          The sink stops delivering at once and its definition and progress are removed. Events it has not delivered yet
          are not sent.
        </p>
      </ActionDialog>
    </>
  );
}

/** One sink: its definition, the worker's live state, its delivery log and its actions. */
export function SinkDetail({ sink, editHref, onDeleted }: SinkDetailProps) {
  const deliveries = useQuery(sinkQueries.deliveries(sink.ID));
  const headers = Object.keys(sink.Headers ?? {});
  return (
    <Panel
      title={`Sink ${sink.ID}`}
      actions={
        <>
          <Link className={buttonClass} to={editHref}>
            Edit
          </Link>
          <DeleteButton id={sink.ID} onDeleted={onDeleted} />
        </>
      }
    >
      <div className="space-y-5">
        <dl className="grid gap-2 text-sm sm:grid-cols-[10rem_1fr]">
          <dt className="text-zinc-500 dark:text-zinc-400">Address</dt>
          <dd className="font-mono break-all">{sink.Address}</dd>
          <dt className="text-zinc-500 dark:text-zinc-400">Receives</dt>
          <dd>
            {describeMatching(sink.Topics ?? {}).map((line) => (
              <p key={line}>{line}</p>
            ))}
          </dd>
          <dt className="text-zinc-500 dark:text-zinc-400">Latest index</dt>
          <dd className="font-mono tabular-nums">{sink.LatestIndex}</dd>
          <dt className="text-zinc-500 dark:text-zinc-400">Extras</dt>
          <dd>
            {headers.length ? `Headers: ${headers.join(', ')}` : 'No extra headers'} ·{' '}
            {sink.HasSecret ? 'signed (X-Nomad-Live-Signature)' : 'unsigned'}
          </dd>
        </dl>
        <TestButton id={sink.ID} />
        <section aria-label="Delivery state" className="space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-semibold">Delivery</h3>
            <LiveIndicator
              status={liveStatus(deliveries)}
              onRetry={() => void deliveries.refetch({ cancelRefetch: true })}
            />
          </div>
          {deliveries.isError && (
            <ErrorAlert
              title="Could not load the delivery state"
              error={withSinkCapability(deliveries.error, 'read')}
              onRetry={() => void deliveries.refetch()}
            />
          )}
          {deliveries.data && (
            <>
              <DeliveryState state={deliveries.data} />
              <DeliveryLog attempts={deliveries.data.Attempts ?? []} />
            </>
          )}
        </section>
      </div>
    </Panel>
  );
}
