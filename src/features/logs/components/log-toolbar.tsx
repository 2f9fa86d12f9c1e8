import { Link } from 'react-router';
import { buttonClass, controlClass, labelClass } from '@/components/styles.ts';
import type { LogStreamChoice, LogUrlState } from '../hooks/use-log-url.ts';

interface LogToolbarProps {
  tasks: readonly string[];
  task: string | undefined;
  taskHref(task: string): string;
  url: LogUrlState;
  onChange(patch: Partial<LogUrlState>): void;
  following: boolean;
  onFollow(following: boolean): void;
  onDownload(kind: 'shown' | 'whole'): void;
  downloading: boolean;
}

const STREAMS: { value: LogStreamChoice; label: string }[] = [
  { value: 'stdout', label: 'stdout' },
  { value: 'stderr', label: 'stderr' },
  { value: 'both', label: 'Both (arrival order)' },
];

const toggle = 'inline-flex items-center gap-1 text-sm text-zinc-700 dark:text-zinc-300';

export function LogToolbar(props: LogToolbarProps) {
  const { url, onChange } = props;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <nav aria-label="Tasks" className="flex flex-wrap gap-1">
        {props.tasks.map((t) => (
          <Link
            key={t}
            to={props.taskHref(t)}
            aria-current={t === props.task ? 'page' : undefined}
            className={`${buttonClass} ${t === props.task ? 'border-teal-600 bg-teal-50 dark:border-teal-400 dark:bg-teal-950' : ''}`}
          >
            {t}
          </Link>
        ))}
      </nav>
      <div
        role="radiogroup"
        aria-label="Stream"
        className="inline-flex overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-700"
      >
        {STREAMS.map((s) => (
          <button
            key={s.value}
            type="button"
            role="radio"
            aria-checked={url.type === s.value}
            onClick={() => onChange({ type: s.value, offset: undefined })}
            className={`px-3 py-1.5 text-sm ${
              url.type === s.value
                ? 'bg-teal-700 text-white dark:bg-teal-600'
                : 'bg-white text-zinc-800 hover:bg-zinc-100 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800'
            }`}
          >
            {s.label}
          </button>
        ))}
      </div>
      <button
        type="button"
        className={buttonClass}
        aria-pressed={props.following}
        onClick={() => props.onFollow(!props.following)}
      >
        {props.following ? 'Following' : 'Follow'} <kbd className="text-xs text-zinc-500">f</kbd>
      </button>
      <label className={toggle}>
        <input type="checkbox" checked={url.wrap} onChange={(e) => onChange({ wrap: e.target.checked })} />
        Wrap
      </label>
      <label className={toggle}>
        <input type="checkbox" checked={url.stripAnsi} onChange={(e) => onChange({ stripAnsi: e.target.checked })} />
        Strip colours
      </label>
      <label className={toggle}>
        <input
          type="checkbox"
          checked={url.lineNumbers}
          onChange={(e) => onChange({ lineNumbers: e.target.checked })}
        />
        Line numbers
      </label>
      <label className={toggle}>
        <input type="checkbox" checked={url.timestamps} onChange={(e) => onChange({ timestamps: e.target.checked })} />
        Arrival times
      </label>
      <label className="inline-flex items-center gap-1">
        <span className={labelClass}>Keep</span>
        <select
          aria-label="Lines kept in memory"
          className={controlClass}
          value={url.capacity}
          onChange={(e) => onChange({ capacity: Number(e.target.value) })}
        >
          {[10_000, 50_000, 200_000, 500_000, 1_000_000].map((n) => (
            <option key={n} value={n}>
              {n.toLocaleString()} lines
            </option>
          ))}
        </select>
      </label>
      <button type="button" className={buttonClass} onClick={() => props.onDownload('shown')}>
        Download shown
      </button>
      <button
        type="button"
        className={buttonClass}
        disabled={props.downloading}
        onClick={() => props.onDownload('whole')}
      >
        {props.downloading ? 'Downloading…' : 'Download whole log'}
      </button>
    </div>
  );
}
