import { useEffect, useEffectEvent } from 'react';

export interface TimelineKeyHandlers {
  /** j (+1, newer) and k (-1, older). */
  onMove(delta: 1 | -1): void;
  onOpen(): void;
  onTogglePause(): void;
  onFocusSearch(): void;
}

/** Elements that own their keys: typing, activating, choosing. */
const OWNS_KEYS = 'input, textarea, select, button, a[href], summary, [contenteditable=""], [contenteditable="true"]';

/**
 * The timeline's keyboard: `j`/`k` move the selection, Enter opens it, Space pauses or
 * resumes, `/` focuses the search. Keys typed into a control stay with the control (Enter
 * on a button presses the button); Esc belongs to the details drawer.
 */
export function useTimelineKeys(handlers: TimelineKeyHandlers): void {
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target instanceof Element ? e.target : null;
    if (target?.closest(OWNS_KEYS)) return;
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
