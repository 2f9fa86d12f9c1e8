/**
 * Runs a LogSession for as long as the view shows the same log, and re-renders at most once
 * per animation frame however fast lines arrive.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogSource } from '../lib/line-buffer.ts';
import type { CompiledMatcher } from '../lib/line-matcher.ts';
import { LogSession, type LogStart } from '../lib/log-session.ts';

export interface UseLogSessionInput {
  allocId: string;
  task: string | undefined;
  sources: readonly LogSource[];
  namespace: string | undefined;
  region: string | undefined;
  start: LogStart;
  capacity: number;
  matcher: CompiledMatcher | null;
  context: number;
}

export function useLogSession(input: UseLogSessionInput): {
  session: LogSession | null;
  version: number;
  /** Starts over with a new connection (after a final error). */
  restart(): void;
} {
  const [session, setSession] = useState<LogSession | null>(null);
  const [generation, setGeneration] = useState(0);
  const [version, setVersion] = useState(0);
  const frame = useRef<number | null>(null);
  const { allocId, task, namespace, region, start, capacity } = input;
  const sourcesKey = input.sources.join(',');
  const startKey = start.kind === 'tail' ? 'tail' : `offset:${start.offset}`;
  const capacityRef = useRef(capacity);
  useEffect(() => {
    capacityRef.current = capacity;
  });

  useEffect(() => {
    if (!task) return;
    const s = new LogSession({
      allocId,
      task,
      sources: sourcesKey.split(',') as LogSource[],
      namespace,
      region,
      start: startKey === 'tail' ? { kind: 'tail' } : { kind: 'offset', offset: Number(startKey.slice(7)) },
      capacity: capacityRef.current,
      onChange: () => {
        if (frame.current !== null) return;
        frame.current = requestAnimationFrame(() => {
          frame.current = null;
          setVersion((v) => v + 1);
        });
      },
    });
    setSession(s);
    s.start();
    return () => {
      s.close();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
      setSession(null);
    };
  }, [allocId, task, sourcesKey, namespace, region, startKey, generation]);

  useEffect(() => {
    if (session && session.buffer.capacity !== capacity) session.setCapacity(capacity);
  }, [session, capacity]);

  useEffect(() => {
    if (!session) return;
    session.setMatcher(input.matcher, input.context); // notifies onChange: re-renders next frame
  }, [session, input.matcher, input.context]);

  const restart = useCallback(() => setGeneration((g) => g + 1), []);
  return { session, version, restart };
}
