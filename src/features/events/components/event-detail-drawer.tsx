import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { buttonClass } from '@/components/styles.ts';
import { formatDateTime } from '@/lib/format-time.ts';
import { diffPayloadsDetailed, formatChangeValue, type Change } from '../lib/event-diff.ts';
import { eventJson } from '../lib/export-ndjson.ts';
import { summarizeEvent, type SummaryTone } from '../lib/summarize.ts';
import type { TimelineEvent } from '../lib/timeline-event.ts';
import { JsonTree } from './json-tree.tsx';

interface EventDetailDrawerProps {
  event: TimelineEvent;
  /** The previous event in the buffer with the same Topic and Key, if any. */
  previous: TimelineEvent | undefined;
  onClose(): void;
}

const TONE_TEXT: Record<SummaryTone, string> = {
  neutral: 'text-zinc-800 dark:text-zinc-100',
  good: 'text-emerald-700 dark:text-emerald-300',
  warn: 'text-amber-700 dark:text-amber-300',
  bad: 'text-red-700 dark:text-red-300',
};
const h3 = 'mb-2 text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400';
const muted = 'text-zinc-500 dark:text-zinc-400';

/**
 * The full event beside the timeline: a non-modal dialog (the list stays usable, so j/k can
 * move the selection while it is open). Focus moves in on open and back to the opener on
 * close. Esc closes it from anywhere; the handler calls preventDefault so page-level
 * shortcuts can skip an Esc already handled.
 */
export function EventDetailDrawer({ event, previous, onClose }: EventDetailDrawerProps) {
  const dialog = useRef<HTMLDivElement>(null);
  const close = useEffectEvent(() => onClose());
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key !== 'Escape' || ev.defaultPrevented) return;
      ev.preventDefault();
      close();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const e = event.event;
  const summary = useMemo(() => summarizeEvent(e), [e]);
  const filterKeys = Array.isArray(e.FilterKeys) ? e.FilterKeys : [];
  const fields: [string, string][] = [
    ['Topic', e.Topic],
    ['Type', e.Type],
    ['Index', String(e.Index)],
    ['Key', e.Key || '""'],
    ['Namespace', e.Namespace || '— (not namespaced)'],
    ['Received', formatDateTime(event.receivedAt)],
  ];
  return (
    <div
      ref={dialog}
      role="dialog"
      aria-label="Event details"
      tabIndex={-1}
      className="fixed inset-y-0 right-0 z-40 flex w-full max-w-xl flex-col border-l border-zinc-200 bg-white shadow-2xl outline-none dark:border-zinc-800 dark:bg-zinc-900"
    >
      <header className="flex items-start justify-between gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <div className="min-w-0">
          <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
            {e.Topic} · {e.Type}
          </h2>
          <p className={`mt-0.5 text-sm break-words ${TONE_TEXT[summary.tone]}`}>{summary.text}</p>
        </div>
        <button type="button" className={buttonClass} onClick={onClose}>
          Close
        </button>
      </header>
      <div className="flex-1 space-y-5 overflow-y-auto px-4 py-4 text-sm">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          {fields.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className={muted}>{k}</dt>
              <dd className="font-mono text-xs leading-5 break-all text-zinc-900 dark:text-zinc-100">{v}</dd>
            </div>
          ))}
          <dt className={muted}>FilterKeys</dt>
          <dd className="flex flex-wrap gap-1">
            {filterKeys.length === 0 && <span className={muted}>none</span>}
            {filterKeys.map((k, i) => (
              <code key={i} className="rounded bg-zinc-100 px-1.5 text-xs break-all dark:bg-zinc-800">
                {k === '' ? '""' : k}
              </code>
            ))}
          </dd>
        </dl>
        <CopyButtons event={event} />
        <section aria-label="Changes since previous event for this key">
          <h3 className={h3}>Changes since previous event for this key</h3>
          <Changes event={event} previous={previous} />
        </section>
        <section aria-label="Payload">
          <h3 className={h3}>Payload</h3>
          <JsonTree key={event.seq} value={e.Payload} label="Payload" defaultExpandDepth={2} />
        </section>
      </div>
    </div>
  );
}

function CopyButtons({ event }: { event: TimelineEvent }) {
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const show = (ok: boolean, text: string) => {
    setStatus({ ok, text });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus(undefined), ok ? 2_000 : 6_000);
  };
  const copy = async (what: string, text: string) => {
    // Absent outside secure contexts (plain http on a non-localhost address).
    if (typeof navigator === 'undefined' || !navigator.clipboard?.writeText) {
      return show(false, 'Clipboard unavailable here (it needs HTTPS or localhost); select the text instead.');
    }
    try {
      await navigator.clipboard.writeText(text);
      show(true, `Copied ${what}`);
    } catch {
      show(false, `Could not copy the ${what}: the browser refused clipboard access.`);
    }
  };
  const e = event.event;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" className={buttonClass} onClick={() => void copy('event', eventJson(e, 2))}>
        Copy event
      </button>
      <button type="button" className={buttonClass} onClick={() => void copy('payload', eventJson(e.Payload, 2))}>
        Copy payload
      </button>
      <button type="button" className={buttonClass} onClick={() => void copy('key', e.Key)}>
        Copy key
      </button>
      <span role="status" className={`text-xs ${status?.ok === false ? 'text-amber-700 dark:text-amber-300' : muted}`}>
        {status?.text}
      </span>
    </div>
  );
}

function ChangeRow({ change }: { change: Change }) {
  const sign = change.kind === 'added' ? '+' : change.kind === 'removed' ? '−' : '~';
  return (
    <li className="font-mono text-xs leading-5 break-all">
      <span className={muted} aria-hidden="true">
        {sign}
      </span>
      <span className="sr-only">{change.kind}</span>{' '}
      <span className="text-zinc-900 dark:text-zinc-100">{change.path || '(payload)'}</span>{' '}
      {change.kind !== 'added' && (
        <span className="text-red-700 dark:text-red-300">{formatChangeValue(change.before)}</span>
      )}
      {change.kind === 'changed' && <span className={muted}> → </span>}
      {change.kind !== 'removed' && (
        <span className="text-emerald-700 dark:text-emerald-300">{formatChangeValue(change.after)}</span>
      )}
    </li>
  );
}

function Changes({ event, previous }: { event: TimelineEvent; previous: TimelineEvent | undefined }) {
  const same = previous && previous.event.Topic === event.event.Topic && previous.event.Key === event.event.Key;
  const diff = useMemo(
    () => (same ? diffPayloadsDetailed(previous.event.Payload, event.event.Payload) : undefined),
    [same, previous, event],
  );
  if (!same || !diff) return <p className={muted}>First event for this key in the buffer.</p>;
  const since = `since Index ${previous.event.Index} (${previous.event.Type})`;
  return (
    <div className="space-y-2">
      <p className={muted}>
        {diff.changes.length === 0
          ? 'No changes'
          : `${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'}`}{' '}
        {since}
        {diff.truncated && '; the list was cut short, more fields changed'}
      </p>
      {diff.changes.length > 0 && (
        <ul className="space-y-0.5">
          {diff.changes.map((c, i) => (
            <ChangeRow key={i} change={c} />
          ))}
        </ul>
      )}
      {diff.noise.length > 0 && (
        <details>
          <summary className={`cursor-pointer text-xs ${muted}`}>
            {diff.noise.length} bookkeeping change{diff.noise.length === 1 ? '' : 's'} (ModifyIndex, ModifyTime…)
          </summary>
          <ul className="mt-1 space-y-0.5">
            {diff.noise.map((c, i) => (
              <ChangeRow key={i} change={c} />
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
