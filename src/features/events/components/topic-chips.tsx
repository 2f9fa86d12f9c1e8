import { useId, useState, type FormEvent } from 'react';
import { buttonClass, controlClass, labelClass } from '@/components/styles.ts';
import { KNOWN_TOPICS, parseTopic } from '../lib/subscription.ts';
import { topicChipClass } from '../lib/topic-style.ts';

interface TopicChipsProps {
  topics: readonly string[];
  onChange(topics: readonly string[]): void;
}

/**
 * The `topic` values of the subscription as removable chips, plus a field to add one
 * (`Allocation:web`, `Node`, `Deployment:*`). A value Nomad would refuse is not added: it
 * stays in the field with Nomad's own error text.
 */
export function TopicChips({ topics, onChange }: TopicChipsProps) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();

  const add = (e: FormEvent) => {
    e.preventDefault();
    const value = draft.trim();
    if (!value) return;
    const parsed = parseTopic(value);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(undefined);
    setDraft('');
    onChange([...topics, value]);
  };

  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-center gap-1.5" role="list" aria-label="Subscribed topics">
        {topics.length === 0 && (
          <span role="listitem" className="text-sm text-zinc-600 dark:text-zinc-400">
            All topics (<code>*</code>)
          </span>
        )}
        {topics.map((t, i) => {
          const parsed = parseTopic(t);
          const topic = 'error' in parsed ? '' : parsed.topic;
          return (
            <span
              key={`${i}:${t}`}
              role="listitem"
              className={`inline-flex items-center gap-1 rounded-full py-0.5 pr-1 pl-2.5 font-mono text-xs ring-1 ring-inset ${topicChipClass(topic)}`}
            >
              {t}
              <button
                type="button"
                aria-label={`Remove topic ${t}`}
                onClick={() => onChange(topics.filter((_, j) => j !== i))}
                className="rounded-full px-1 hover:bg-black/10 dark:hover:bg-white/10"
              >
                ×
              </button>
            </span>
          );
        })}
      </div>
      <form onSubmit={add} className="flex flex-wrap items-center gap-2">
        <label htmlFor={id} className={labelClass}>
          Add topic
        </label>
        <input
          id={id}
          list={`${id}-known`}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(undefined);
          }}
          placeholder="Allocation:web, Node, Deployment:*"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={`${controlClass} h-8 w-64 py-1 font-mono`}
          autoComplete="off"
          spellCheck={false}
        />
        <datalist id={`${id}-known`}>
          {KNOWN_TOPICS.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <button type="submit" className={`${buttonClass} h-8 py-1`}>
          Add
        </button>
        {topics.length > 0 && (
          <button type="button" className={`${buttonClass} h-8 py-1`} onClick={() => onChange([])}>
            All topics
          </button>
        )}
      </form>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
