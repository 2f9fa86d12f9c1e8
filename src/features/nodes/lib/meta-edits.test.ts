import { describe, expect, it } from 'vitest';
import { diffMeta, isPropagated } from './meta-edits.ts';

const current = {
  Static: { rack: 'r1', zone: 'a' },
  Dynamic: { team: 'ops', zone: null },
  Meta: { rack: 'r1', team: 'ops' },
};

describe('diffMeta', () => {
  it('keeps only real changes and marks static keys', () => {
    const changes = diffMeta(current, { team: 'ops', rack: null, owner: 'me', ghost: null, zone: null });
    expect(changes).toEqual([
      { key: 'owner', before: undefined, after: 'me', isStatic: false },
      { key: 'rack', before: 'r1', after: null, isStatic: true },
      // zone is already unset, but its null marker is in Dynamic: unsetting again is still a write.
      { key: 'zone', before: undefined, after: null, isStatic: true },
    ]);
  });
});

describe('isPropagated', () => {
  const changes = diffMeta(current, { owner: 'me', rack: null });
  it('is true only when every change shows in the node', () => {
    expect(isPropagated({ rack: 'r1', team: 'ops' }, changes)).toBe(false);
    expect(isPropagated({ rack: 'r1', team: 'ops', owner: 'me' }, changes)).toBe(false);
    expect(isPropagated({ team: 'ops', owner: 'me' }, changes)).toBe(true);
    expect(isPropagated(null, diffMeta(current, { rack: null }))).toBe(true);
  });
});
