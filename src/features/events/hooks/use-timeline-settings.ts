import { useSyncExternalStore } from 'react';
import { getTimelineSettings, subscribeTimelineSettings, type TimelineSettings } from '../lib/timeline-settings.ts';

/** The timeline settings from localStorage, kept current across tabs. */
export function useTimelineSettings(): TimelineSettings {
  return useSyncExternalStore(subscribeTimelineSettings, getTimelineSettings, getTimelineSettings);
}
