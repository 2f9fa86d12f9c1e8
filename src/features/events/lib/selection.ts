import { viewIndexOf, viewLength, viewRow, type ViewWindow } from './timeline-store.ts';

/**
 * The row `delta` places down the newest-first list from the selection (positive = down =
 * older). With no selection, or a selection no longer in the view, it starts at the newest
 * row. Returns the arrival number of the row to select, or undefined for an empty view.
 */
export function moveSelection(view: ViewWindow, selected: number | undefined, delta: number): number | undefined {
  const count = viewLength(view);
  if (count === 0) return undefined;
  const at = selected === undefined ? -1 : viewIndexOf(view, selected);
  if (at < 0) return viewRow(view, count - 1)?.seq;
  const position = count - 1 - at; // 0 = newest, at the top
  const next = Math.min(count - 1, Math.max(0, position + delta));
  return viewRow(view, count - 1 - next)?.seq;
}
