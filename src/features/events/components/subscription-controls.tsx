import { memo, useId, useState, type FormEvent } from 'react';
import { buttonClass, controlClass, labelClass } from '@/components/styles.ts';
import type { StreamStart } from '@/lib/nomad/event-stream.ts';
import { ALL_NAMESPACES } from '@/lib/nomad/namespace.ts';
import { aclNeeded, describeStart, type TopicIssue } from '../lib/subscription.ts';
import { TopicChips } from './topic-chips.tsx';

interface SubscriptionControlsProps {
  topics: readonly string[];
  namespace: string;
  start: StreamStart;
  issues: readonly TopicIssue[];
  onTopicsChange(topics: readonly string[]): void;
  onStartChange(start: StreamStart): void;
}

/**
 * What the server is asked for — topics, namespace (the page's scope) and start point — with
 * what Nomad will make of it and the ACL it needs, before anything is sent.
 */
// Memoized: the page re-renders on every published frame, the subscription rarely changes.
export const SubscriptionControls = memo(function SubscriptionControls(props: SubscriptionControlsProps) {
  const { topics, namespace, start, issues } = props;
  const errors = issues.filter((i) => i.level === 'error');
  const warnings = issues.filter((i) => i.level === 'warning');
  const where = namespace === ALL_NAMESPACES ? 'every namespace' : `namespace "${namespace}"`;
  return (
    <section
      aria-label="Subscription"
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <TopicChips topics={topics} onChange={props.onTopicsChange} />
      <StartPicker start={start} onChange={props.onStartChange} />
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Streaming {describeStart(start)}, in {where} (change it in the top bar). With ACLs on, this needs{' '}
        <strong className="font-medium text-zinc-800 dark:text-zinc-200">{aclNeeded(topics, namespace)}</strong>
        {topics.length === 0 && ': every topic (*) is reserved to management tokens'}.
      </p>
      {errors.length > 0 && (
        <div role="alert" className="space-y-1 text-sm text-red-700 dark:text-red-300">
          <p className="font-medium">Not subscribed: Nomad would refuse this request.</p>
          {errors.map((e, i) => (
            <p key={i}>{e.message}</p>
          ))}
        </div>
      )}
      {warnings.length > 0 && (
        <ul aria-label="Notes on this subscription" className="space-y-0.5 text-xs text-amber-700 dark:text-amber-300">
          {warnings.map((w, i) => (
            <li key={i}>{w.message}</li>
          ))}
        </ul>
      )}
    </section>
  );
});

function StartPicker({ start, onChange }: { start: StreamStart; onChange(s: StreamStart): void }) {
  const id = useId();
  const [index, setIndex] = useState(start.from === 'index' ? String(start.index) : '');
  const [error, setError] = useState<string>();
  const [mode, setMode] = useState(start.from);

  const applyIndex = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(index);
    if (!/^\d{1,15}$/.test(index.trim()) || n <= 0) {
      setError('The index must be a whole number above 0 (Nomad’s raft index).');
      return;
    }
    setError(undefined);
    onChange({ from: 'index', index: n });
  };

  return (
    <form onSubmit={applyIndex} className="flex flex-wrap items-center gap-2">
      <label htmlFor={id} className={labelClass}>
        Start
      </label>
      <select
        id={id}
        value={mode}
        className={`${controlClass} h-8 py-1`}
        onChange={(e) => {
          const value = e.target.value as StreamStart['from'];
          setMode(value);
          setError(undefined);
          if (value === 'now') onChange({ from: 'now' });
          if (value === 'buffer') onChange({ from: 'buffer' });
        }}
      >
        <option value="buffer">Everything still buffered</option>
        <option value="now">Live from now</option>
        <option value="index">From a given index</option>
      </select>
      {mode === 'index' && (
        <>
          <label htmlFor={`${id}-index`} className="sr-only">
            Start index
          </label>
          <input
            id={`${id}-index`}
            inputMode="numeric"
            value={index}
            onChange={(e) => setIndex(e.target.value)}
            aria-invalid={error ? true : undefined}
            placeholder="index"
            className={`${controlClass} h-8 w-32 py-1 font-mono`}
          />
          <button type="submit" className={`${buttonClass} h-8 py-1`}>
            Subscribe
          </button>
        </>
      )}
      {error && (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </form>
  );
}
