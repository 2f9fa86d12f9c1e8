/**
 * Asks before leaving the page while a session is live (closing the tab, reloading, or
 * following an in-app link), since leaving kills the remote process (nomad#19985).
 */
import { useEffect } from 'react';
import { useBlocker } from 'react-router';

export const LEAVE_MESSAGE = 'An exec session is still running. Leaving this page ends it. Leave anyway?';

export function useLeaveGuard(live: boolean): void {
  useEffect(() => {
    if (!live) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers need returnValue set to show the dialog.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [live]);

  // Only a new page counts: the form rewrites this page's query string as you type.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => live && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm(LEAVE_MESSAGE)) blocker.proceed();
    else blocker.reset();
  }, [blocker]);
}
