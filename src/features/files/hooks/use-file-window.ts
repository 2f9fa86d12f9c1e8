/**
 * The loaded part of a file, read by window with `readat`: head, tail, jump to an offset,
 * and the next or previous window as the reader scrolls, keeping at most MAX_LOADED bytes.
 * Follow streams what is appended (`stream`), starting exactly at the loaded end.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { apiPath } from '@/lib/nomad/http.ts';
import { FileStream } from '@/lib/nomad/file-stream.ts';
import { isAbortError } from '@/lib/nomad/nomad-error.ts';
import { isTransientError, RECHECK_AFTER_FAILURE_MS } from '@/lib/nomad/retry-policy.ts';
import { readWindow, type FsScope } from '../lib/fs-api.ts';
import { decodeWindow, type TextWindow } from '../lib/text-window.ts';

export const WINDOW_BYTES = 256 * 1024;
export const MAX_LOADED = 1024 * 1024;

interface Loaded {
  offset: number;
  bytes: Uint8Array;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export interface FileWindow {
  view: TextWindow | null;
  size: number;
  loading: boolean;
  error: unknown;
  following: boolean;
  note: string | null;
  loadAt(offset: number): void;
  head(): void;
  tail(): void;
  more(direction: 1 | -1): void;
  setFollowing(on: boolean): void;
}

export function useFileWindow(scope: FsScope, path: string, initialSize: number, startAt: 'head' | 'tail'): FileWindow {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [size, setSize] = useState(initialSize);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [following, setFollowingState] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const { allocId, namespace, region } = scope;

  const read = useCallback(
    async (offset: number, mode: 'replace' | 'append' | 'prepend') => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setLoading(true);
      setError(null);
      try {
        const start = Math.max(0, offset);
        const bytes = await readWindow({ allocId, namespace, region }, path, start, WINDOW_BYTES, controller.signal);
        setLoaded((prev) => {
          if (mode === 'append' && prev) {
            const all = concat(prev.bytes, bytes);
            const cut = Math.max(0, all.length - MAX_LOADED);
            return { offset: prev.offset + cut, bytes: all.subarray(cut) };
          }
          if (mode === 'prepend' && prev) {
            const all = concat(bytes.subarray(0, prev.offset - start), prev.bytes);
            return { offset: start, bytes: all.subarray(0, MAX_LOADED) };
          }
          return { offset: start, bytes };
        });
        setSize((s) => Math.max(s, start + bytes.length));
      } catch (err) {
        if (!isAbortError(err)) setError(err);
      } finally {
        if (abort.current === controller) setLoading(false);
      }
    },
    [allocId, namespace, region, path],
  );

  // The first window; later ones come from the reader's actions through `read`.
  useEffect(() => {
    const controller = new AbortController();
    abort.current = controller;
    const start = startAt === 'tail' ? Math.max(0, initialSize - WINDOW_BYTES) : 0;
    readWindow({ allocId, namespace, region }, path, start, WINDOW_BYTES, controller.signal)
      .then((bytes) => {
        setLoaded({ offset: start, bytes });
        setSize((s) => Math.max(s, start + bytes.length));
      })
      .catch((err: unknown) => {
        if (!isAbortError(err)) setError(err);
      })
      .finally(() => {
        if (abort.current === controller) setLoading(false);
      });
    return () => controller.abort();
  }, [allocId, namespace, region, path, startAt, initialSize]);

  // A read that failed for a transient reason (outage, no leader, a dropped connection) is
  // tried again every few seconds where the window is, so the viewer recovers by itself.
  useEffect(() => {
    if (error === null || !isTransientError(error)) return;
    const at = loaded?.offset ?? (startAt === 'tail' ? Math.max(0, initialSize - WINDOW_BYTES) : 0);
    const timer = setTimeout(() => void read(at, 'replace'), RECHECK_AFTER_FAILURE_MS);
    return () => clearTimeout(timer);
  }, [error, loaded, read, startAt, initialSize]);

  const end = loaded ? loaded.offset + loaded.bytes.length : 0;
  const endRef = useRef(end);
  useEffect(() => {
    endRef.current = end;
  });

  useEffect(() => {
    if (!following) return;
    const stream = new FileStream({
      path: apiPath`/v1/client/fs/stream/${allocId}`,
      namespace,
      region,
      follow: true,
      initialQuery: { path, origin: 'start', offset: endRef.current, follow: true },
      resumeQuery: (c) => ({ path, origin: 'start', offset: c.offset, follow: true }),
      onData: ({ bytes, start }) => {
        setLoaded((prev) => {
          if (!prev || start === 0) return { offset: start, bytes };
          const all = concat(prev.bytes, bytes);
          const cut = Math.max(0, all.length - MAX_LOADED);
          return { offset: prev.offset + cut, bytes: all.subarray(cut) };
        });
        setSize((s) => Math.max(s, start + bytes.length));
      },
      onTruncated: () => {
        setNote('The file was truncated; showing it from its new start.');
        setLoaded({ offset: 0, bytes: new Uint8Array(0) });
        setSize(0);
      },
      onDeleted: () => setNote('The file was deleted.'),
      onState: (state, info) => {
        if (state === 'closed' && info.reason === 'failed') setError(info.error);
        if (state === 'closed') setFollowingState(false);
      },
    });
    stream.start();
    return () => stream.close();
  }, [following, allocId, namespace, region, path]);

  const view = loaded ? decodeWindow(loaded.bytes, loaded.offset, Math.max(size, end)) : null;
  return {
    view,
    size: Math.max(size, end),
    loading,
    error,
    following,
    note,
    loadAt: (offset) => {
      setFollowingState(false);
      void read(Math.min(offset, Math.max(0, size - 1)), 'replace');
    },
    head: () => {
      setFollowingState(false);
      void read(0, 'replace');
    },
    tail: () => void read(Math.max(0, size - WINDOW_BYTES), 'replace'),
    more: (direction) => {
      if (!loaded || loading || following) return;
      if (direction === 1 && end < size) void read(end, 'append');
      if (direction === -1 && loaded.offset > 0) void read(loaded.offset - WINDOW_BYTES, 'prepend');
    },
    setFollowing: (on) => {
      setNote(null);
      // Follow continues from the loaded end: load the tail first so it continues from there.
      if (on && end < size) void read(Math.max(0, size - WINDOW_BYTES), 'replace').then(() => setFollowingState(true));
      else setFollowingState(on);
    },
  };
}
