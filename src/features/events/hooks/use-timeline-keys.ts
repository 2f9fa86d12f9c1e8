import { useEffect, useEffectEvent } from 'react';

export interface TimelineKeyHandlers {
  /** j (+1, one row down the newest-first list) and k (-1, one row up). */
  onMove(delta: 1 | -1): void;
  onOpen(): void;
  onTogglePause(): void;
  onFocusSearch(): void;
}

/** Elements that own every key: typing and choosing. */
const OWNS_KEYS = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';
/** Elements that own Enter and Space (they activate them), but not j, k or /. */
const OWNS_ACTIVATION = 'button, a[href], summary, [role="button"]';

/**
 * The timeline's keyboard: `j`/`k` move the selection, Enter opens it, Space pauses or
 * resumes, `/` focuses the search. Keys typed into a field stay with the field, and Enter or
 * Space on a button presses the button (j/k still move after clicking Pause); Esc belongs to
 * the details drawer.
 */
export function useTimelineKeys(handlers: TimelineKeyHandlers): void {
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target instanceof Element ? e.target : null;
    if (target?.closest(OWNS_KEYS)) return;
    if ((e.key === 'Enter' || e.key === ' ') && target?.closest(OWNS_ACTIVATION)) return;
    switch (e.key) {
      case 'j':
        handlers.onMove(1);
        break;
      case 'k':
        handlers.onMove(-1);
        break;
      case 'Enter':
        handlers.onOpen();
        break;
      case ' ':
        handlers.onTogglePause();
        break;
      case '/':
        handlers.onFocusSearch();
        break;
      default:
        return;
    }
    e.preventDefault();
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
}
