import { describe, expect, it } from 'vitest';
import { moveSelection } from './selection.ts';
import type { TimelineEvent } from './timeline-event.ts';
import type { ViewWindow } from './timeline-store.ts';

const row = (seq: number): TimelineEvent => ({
  seq,
  receivedAt: 0,
  event: { FilterKeys: null, Index: seq, Key: `k${seq}`, Namespace: '', Payload: {}, Topic: 'Node', Type: 'NodeDrain' },
});

// Rows 1..5 oldest first, with the first one already trimmed out of the window.
const view: ViewWindow = { items: [1, 2, 3, 4, 5].map(row), start: 1, end: 5 };

describe('moveSelection (newest first)', () => {
  it('starts at the newest row when nothing is selected', () => {
    expect(moveSelection(view, undefined, 1)).toBe(5);
    expect(moveSelection(view, undefined, -1)).toBe(5);
  });

  it('moves down to older rows and up to newer rows, stopping at the ends', () => {
    expect(moveSelection(view, 5, 1)).toBe(4);
    expect(moveSelection(view, 4, -1)).toBe(5);
    expect(moveSelection(view, 2, 1)).toBe(2);
    expect(moveSelection(view, 5, -1)).toBe(5);
  });

  it('restarts at the newest row when the selection left the window', () => {
    expect(moveSelection(view, 1, 1)).toBe(5);
  });

  it('has nothing to select in an empty view', () => {
    expect(moveSelection({ items: [], start: 0, end: 0 }, undefined, 1)).toBeUndefined();
  });
});
