import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { EventStream, type StreamStart } from '@/lib/nomad/event-stream.ts';
import { tokenStore } from '@/lib/nomad/token-store.ts';
import type { TimelineFacets } from '../lib/facets.ts';
import { TimelineStore, type TimelineSnapshot } from '../lib/timeline-store.ts';

export interface TimelineSubscription {
  /** `Topic` / `Topic:Key` values; empty subscribes to every topic. */
  topics: readonly string[];
  namespace: string;
  region: string | undefined;
  start: StreamStart;
}

export interface TimelineOptions {
  capacity: number;
  heartbeatSeconds: number;
  facets: TimelineFacets;
  /** False while the subscription is invalid: nothing is requested. */
  enabled?: boolean;
}

export interface Timeline {
  snapshot: TimelineSnapshot;
  store: TimelineStore;
  pause(): void;
  resume(): void;
  retryNow(): void;
}

/**
 * One live subscription: the transport (EventStream) feeding a bounded store, rendered at
 * most once per frame. A different subscription is a different store — nothing from the
 * old one leaks into the new timeline. The stream restarts when the token changes, and
 * stops when the component unmounts (StrictMode's double effects leave no stream open).
 */
export function useTimeline(sub: TimelineSubscription, opts: TimelineOptions): Timeline {
  const { topics, namespace, region, start } = sub;
  const { capacity, heartbeatSeconds, facets, enabled = true } = opts;
  const startIndex = start.from === 'index' ? start.index : 0;
  const key = JSON.stringify([topics, namespace, region, start.from, startIndex, heartbeatSeconds, enabled]);

  // A new subscription gets a new store (React's "adjust state when a prop changes" pattern).
  const [current, setCurrent] = useState(() => ({ key, store: new TimelineStore({ capacity }) }));
  let store = current.store;
  if (current.key !== key) {
    store = new TimelineStore({ capacity });
    setCurrent({ key, store });
  }

  const streamRef = useRef<EventStream | undefined>(undefined);
  const topicsKey = topics.join('\n');
  useEffect(() => {
    if (!enabled) return;
    const from: StreamStart =
      start.from === 'index'
        ? { from: 'index', index: startIndex }
        : start.from === 'now'
          ? { from: 'now' }
          : { from: 'buffer' };
    const stream = new EventStream({
      topics: topicsKey ? topicsKey.split('\n') : [],
      namespace,
      region,
      start: from,
      heartbeatMs: heartbeatSeconds * 1000,
      onEvents: (events) => store.ingest(events),
      onStatus: (status) => store.setStatus(status),
    });
    streamRef.current = stream;
    stream.start();
    // A new token may read what the old one could not: reconnect (from where we were).
    const offToken = tokenStore.subscribe(() => stream.retryNow());
    return () => {
      offToken();
      stream.stop();
      if (streamRef.current === stream) streamRef.current = undefined;
    };
  }, [store, enabled, topicsKey, namespace, region, start.from, startIndex, heartbeatSeconds]);

  useEffect(() => store.setCapacity(capacity), [store, capacity]);
  useEffect(() => store.setFacets(facets), [store, facets]);

  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return {
    snapshot,
    store,
    pause: () => store.pause(),
    resume: () => store.resume(),
    retryNow: () => streamRef.current?.retryNow(),
  };
}
