import { useId } from 'react';
import { buttonClass, controlClass, labelClass } from '@/components/styles.ts';
import { describeMatching, newRow, rowIssues, SINK_TOPICS, topicsFromRows, type TopicRow } from '../lib/topic-rows.ts';

interface TopicsEditorProps {
  rows: TopicRow[];
  onChange: (rows: TopicRow[]) => void;
  /** Errors for the field as a whole (local checks after a save attempt, or the server's). */
  errors: string[] | undefined;
}

/**
 * Topic + keys rows with the timeline's topic rules applied live, and a plain statement of
 * which events the sink will receive under Nomad's matching.
 */
export function TopicsEditor({ rows, onChange, errors }: TopicsEditorProps) {
  const listId = useId();
  const errorId = useId();
  const issues = rowIssues(rows);
  // Local row errors are already shown on their rows; list only the rest (the server's, the whole-map ones).
  const fieldErrors = errors?.filter((e) => !issues.some((i) => i.row !== undefined && i.message === e));
  const valid = !issues.some((i) => i.level === 'error');
  const set = (id: number, patch: Partial<TopicRow>) =>
    onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <fieldset className="space-y-2" aria-describedby={fieldErrors?.length ? errorId : undefined}>
      <legend className={labelClass}>Topics</legend>
      <datalist id={listId}>
        {SINK_TOPICS.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      {rows.map((row, i) => (
        <div key={row.id} className="space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <input
              className={`${controlClass} w-44`}
              aria-label={`Topic ${i + 1}`}
              list={listId}
              value={row.topic}
              placeholder="Job, Allocation or *"
              onChange={(e) => set(row.id, { topic: e.target.value })}
            />
            <input
              className={`${controlClass} min-w-48 flex-1`}
              aria-label={`Keys for topic ${i + 1}`}
              value={row.keys}
              placeholder="every key (or: web, api)"
              onChange={(e) => set(row.id, { keys: e.target.value })}
            />
            <button
              type="button"
              className={buttonClass}
              aria-label={`Remove topic ${i + 1}`}
              onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
            >
              Remove
            </button>
          </div>
          {issues
            .filter((issue) => issue.row === row.id)
            .map((issue) => (
              <p
                key={issue.message}
                className={`text-xs ${issue.level === 'error' ? 'text-red-700 dark:text-red-300' : 'text-amber-800 dark:text-amber-300'}`}
              >
                {issue.message}
              </p>
            ))}
        </div>
      ))}
      <button type="button" className={buttonClass} onClick={() => onChange([...rows, newRow()])}>
        Add topic
      </button>
      {fieldErrors?.length ? (
        <ul id={errorId} className="text-sm text-red-700 dark:text-red-300">
          {fieldErrors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      <div className="rounded-md bg-zinc-50 p-2 text-xs text-zinc-700 dark:bg-zinc-800/50 dark:text-zinc-300">
        <p>
          Keys match an event’s Key or any of its FilterKeys (e.g. a job ID matches its allocations and evaluations),
          exactly and case-sensitively. Blank keys mean every key; <code>*</code> is a wildcard only on its own; keys
          given for topic <code>*</code> apply to every topic. <code>""</code> is the empty key.
        </p>
        {valid && (
          <p className="mt-1 font-medium" aria-live="polite">
            Receives: {describeMatching(topicsFromRows(rows)).join(' ')}
          </p>
        )}
      </div>
    </fieldset>
  );
}
