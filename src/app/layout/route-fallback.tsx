import { useEffect, useState } from 'react';

/** How long a page may take to load before we say so: shorter waits would only flash. */
export const FALLBACK_DELAY_MS = 400;

/**
 * Shown while a page's code loads (first visit only; later navigations keep the old page
 * on screen until the new one is ready, since the router renders them in a transition).
 * Nothing at all for the first moments, so a fast load never flashes a message.
 */
export function RouteFallback() {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setVisible(true), FALLBACK_DELAY_MS);
    return () => clearTimeout(timer);
  }, []);
  if (!visible) return null;
  return (
    <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
      Loading the page…
    </p>
  );
}
