/** Keyboard: `/` search, `n`/`N` next/previous match, `f` follow, `w` wrap, `e` stdout ⇄ stderr. */
import { useEffect, useRef } from 'react';

export interface LogKeyActions {
  focusSearch(): void;
  next(): void;
  previous(): void;
  toggleFollow(): void;
  toggleWrap(): void;
  switchStream(): void;
}

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function useLogKeys(actions: LogKeyActions): void {
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      const a = ref.current;
      const map: Record<string, () => void> = {
        '/': a.focusSearch,
        n: a.next,
        N: a.previous,
        f: a.toggleFollow,
        w: a.toggleWrap,
        e: a.switchStream,
      };
      const fn = map[e.key];
      if (!fn) return;
      e.preventDefault();
      fn();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
