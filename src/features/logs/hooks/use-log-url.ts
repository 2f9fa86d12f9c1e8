/** The log view's settings in the URL, so every view is a link: `?type=both&q=err&mode=filter…`. */
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { DEFAULT_LINE_CAPACITY } from '../lib/line-buffer.ts';

export type LogStreamChoice = 'stdout' | 'stderr' | 'both';

export interface LogUrlState {
  type: LogStreamChoice;
  query: string;
  filter: boolean;
  regex: boolean;
  caseSensitive: boolean;
  invert: boolean;
  context: number;
  wrap: boolean;
  stripAnsi: boolean;
  lineNumbers: boolean;
  timestamps: boolean;
  /** Absolute byte offset to open at instead of the tail. */
  offset: number | undefined;
  capacity: number;
}

const flag = (p: URLSearchParams, k: string, dflt: boolean) => (p.has(k) ? p.get(k) === '1' : dflt);

function intParam(p: URLSearchParams, k: string): number | undefined {
  const raw = p.get(k);
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

export function readLogUrl(p: URLSearchParams): LogUrlState {
  const type = p.get('type');
  return {
    type: type === 'stderr' || type === 'both' ? type : 'stdout',
    query: p.get('q') ?? '',
    filter: p.get('mode') === 'filter',
    regex: flag(p, 're', false),
    caseSensitive: flag(p, 'case', false),
    invert: flag(p, 'invert', false),
    context: Math.min(intParam(p, 'ctx') ?? 0, 50),
    wrap: flag(p, 'wrap', false),
    stripAnsi: flag(p, 'strip', false),
    lineNumbers: flag(p, 'num', true),
    timestamps: flag(p, 'ts', false),
    offset: intParam(p, 'offset'),
    capacity: Math.max(1000, intParam(p, 'cap') ?? DEFAULT_LINE_CAPACITY),
  };
}

const DEFAULTS = readLogUrl(new URLSearchParams());

export function writeLogUrl(prev: URLSearchParams, patch: Partial<LogUrlState>): URLSearchParams {
  const next = new URLSearchParams(prev);
  const put = (k: string, v: string | undefined) => (v === undefined ? next.delete(k) : next.set(k, v));
  const bool = (k: string, v: boolean | undefined, d: boolean) => {
    if (v !== undefined) put(k, v === d ? undefined : v ? '1' : '0');
  };
  if (patch.type !== undefined) put('type', patch.type === DEFAULTS.type ? undefined : patch.type);
  if (patch.query !== undefined) put('q', patch.query || undefined);
  if (patch.filter !== undefined) put('mode', patch.filter ? 'filter' : undefined);
  bool('re', patch.regex, DEFAULTS.regex);
  bool('case', patch.caseSensitive, DEFAULTS.caseSensitive);
  bool('invert', patch.invert, DEFAULTS.invert);
  if (patch.context !== undefined) put('ctx', patch.context ? String(patch.context) : undefined);
  bool('wrap', patch.wrap, DEFAULTS.wrap);
  bool('strip', patch.stripAnsi, DEFAULTS.stripAnsi);
  bool('num', patch.lineNumbers, DEFAULTS.lineNumbers);
  bool('ts', patch.timestamps, DEFAULTS.timestamps);
  if ('offset' in patch) put('offset', patch.offset === undefined ? undefined : String(patch.offset));
  if (patch.capacity !== undefined)
    put('cap', patch.capacity === DEFAULTS.capacity ? undefined : String(patch.capacity));
  return next;
}

export function useLogUrl(): [LogUrlState, (patch: Partial<LogUrlState>) => void] {
  const [params, setParams] = useSearchParams();
  // React Router commits navigations as transitions, which a busy log (a render every frame)
  // keeps postponing; a controlled checkbox would snap back until then. The change is shown at
  // once from this local copy, which is dropped as soon as the URL itself moves on.
  const [pending, setPending] = useState<{ base: URLSearchParams; value: URLSearchParams } | null>(null);
  const current = pending?.base === params ? pending.value : params;
  const state = useMemo(() => readLogUrl(current), [current]);
  const update = useCallback(
    (patch: Partial<LogUrlState>) => {
      setPending((p) => ({ base: params, value: writeLogUrl(p?.base === params ? p.value : params, patch) }));
      setParams((prev) => writeLogUrl(prev, patch), { replace: true });
    },
    [params, setParams],
  );
  return [state, update];
}
