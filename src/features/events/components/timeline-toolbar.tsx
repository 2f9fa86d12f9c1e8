import { useId, type RefObject } from 'react';
import { buttonClass, controlClass, labelClass, primaryButtonClass } from '@/components/styles.ts';
import type { TimelineFacets } from '../lib/facets.ts';

interface TimelineToolbarProps {
  facets: TimelineFacets;
  types: readonly string[];
  onFacetsChange(patch: Partial<TimelineFacets>): void;
  searchRef: RefObject<HTMLInputElement | null>;
  paused: boolean;
  pendingNew: number;
  onTogglePause(): void;
  follow: boolean;
  onFollow(): void;
  onExport(): void;
  filtered: boolean;
}

/** Client-side facets (instant, no resubscription), pause, follow and export. */
export function TimelineToolbar(props: TimelineToolbarProps) {
  const id = useId();
  const { facets, types, paused, pendingNew, searchRef, follow, filtered } = props;
  const { onFacetsChange, onTogglePause, onFollow, onExport } = props;
  const type = facets.types.length === 1 ? facets.types[0]! : facets.types.length > 1 ? '\u0000many' : '';
  // Types from the URL that have not arrived yet are still choices.
  const choices = [...new Set([...types, ...facets.types])].sort();
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-q`} className={labelClass}>
          Search key and summary
        </label>
        <input
          id={`${id}-q`}
          ref={searchRef}
          type="search"
          value={facets.q}
          onChange={(e) => onFacetsChange({ q: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') e.currentTarget.blur();
          }}
          placeholder="Press / to search"
          className={`${controlClass} h-8 w-60 py-1`}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-type`} className={labelClass}>
          Type
        </label>
        <select
          id={`${id}-type`}
          value={type}
          onChange={(e) => onFacetsChange({ types: e.target.value ? [e.target.value] : [] })}
          className={`${controlClass} h-8 py-1`}
        >
          <option value="">All types</option>
          {type === '\u0000many' && <option value={'\u0000many'}>{facets.types.join(', ')}</option>}
          {choices.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={paused ? primaryButtonClass : buttonClass}
          onClick={onTogglePause}
          aria-keyshortcuts="Space"
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        {paused && (
          <span role="status" className="text-sm font-medium text-teal-700 tabular-nums dark:text-teal-300">
            {pendingNew} new
          </span>
        )}
        {!follow && !paused && (
          <button type="button" className={buttonClass} onClick={onFollow}>
            Jump to newest
          </button>
        )}
        <button type="button" className={buttonClass} onClick={onExport}>
          {filtered ? 'Export filtered (ndjson)' : 'Export buffer (ndjson)'}
        </button>
      </div>
    </div>
  );
}
