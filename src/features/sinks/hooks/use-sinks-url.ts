import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export type SinksView =
  { mode: 'list' } | { mode: 'view'; id: string } | { mode: 'edit'; id: string } | { mode: 'new' };

/** What the sinks page shows lives in the URL (`?sink=`, `?edit=`, `?new`), so every view is a link. */
export function parseSinksView(search: URLSearchParams): SinksView {
  const edit = search.get('edit');
  if (edit) return { mode: 'edit', id: edit };
  if (search.has('new')) return { mode: 'new' };
  const id = search.get('sink');
  return id ? { mode: 'view', id } : { mode: 'list' };
}

export function sinksViewSearch(view: SinksView, base: URLSearchParams = new URLSearchParams()): string {
  const next = new URLSearchParams(base);
  for (const k of ['sink', 'edit', 'new']) next.delete(k);
  if (view.mode === 'view') next.set('sink', view.id);
  if (view.mode === 'edit') next.set('edit', view.id);
  if (view.mode === 'new') next.set('new', '');
  const qs = next.toString();
  return qs ? `?${qs}` : '?';
}

export function useSinksView() {
  const [search, setSearch] = useSearchParams();
  const view = parseSinksView(search);
  const href = useCallback((v: SinksView) => sinksViewSearch(v, search), [search]);
  const go = useCallback(
    (v: SinksView) => setSearch(new URLSearchParams(sinksViewSearch(v, search))),
    [search, setSearch],
  );
  return { view, href, go };
}
