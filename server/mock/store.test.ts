import { describe, expect, it } from 'vitest';
import { buildNamespace } from './build-node.ts';
import { StateStore, type Commit } from './store.ts';

const ns = (name: string, index: number) => buildNamespace(name, '', null, index);

describe('StateStore', () => {
  it('gives every commit the next raft index and bumps only the tables it touched', () => {
    const store = new StateStore();
    const first = store.commit('NamespaceUpserted', (txn) =>
      txn.put('namespaces', 'default', ns('default', txn.index)),
    );
    const second = store.commit('NamespaceUpserted', (txn) => txn.put('namespaces', 'prod', ns('prod', txn.index)));
    expect([first.index, second.index, store.index]).toEqual([1, 2, 2]);
    expect(store.tableIndex('namespaces')).toBe(2);
    expect(store.tableIndex('jobs')).toBe(0);
    expect(store.list('namespaces').map((n) => n.Name)).toEqual(['default', 'prod']);
  });

  it('records the raft type, the changed tables and the upserted and deleted rows', () => {
    const store = new StateStore();
    store.commit('NamespaceUpserted', (txn) => txn.put('namespaces', 'qa', ns('qa', txn.index)));
    const seen: Commit[] = [];
    store.subscribe((c) => seen.push(c));
    store.commit('MockReset', (txn) => {
      txn.delete('namespaces', 'qa');
      txn.delete('namespaces', 'missing'); // not a change
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.type).toBe('MockReset');
    expect([...seen[0]!.tables]).toEqual(['namespaces']);
    expect(seen[0]!.changes).toEqual([{ table: 'namespaces', op: 'delete', key: 'qa', value: ns('qa', 1) }]);
    expect(store.get('namespaces', 'qa')).toBeUndefined();
  });

  it('lets a mutation read its own writes and leaves the store untouched when it throws', () => {
    const store = new StateStore();
    expect(() =>
      store.commit('NamespaceUpserted', (txn) => {
        txn.put('namespaces', 'a', ns('a', txn.index));
        expect(txn.get('namespaces', 'a')?.Name).toBe('a');
        expect(txn.list('namespaces')).toHaveLength(1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.index).toBe(0);
    expect(store.list('namespaces')).toEqual([]);
  });

  it('wakes watchers only for the tables they watch', () => {
    const store = new StateStore();
    let woken = 0;
    const stop = store.watch(['jobs'], () => woken++);
    store.commit('NamespaceUpserted', (txn) => txn.put('namespaces', 'a', ns('a', txn.index)));
    expect(woken).toBe(0);
    store.commit('JobRegistered', (txn) => txn.delete('namespaces', 'a'));
    expect(woken).toBe(0);
    stop();
    expect(store.tableIndex('namespaces')).toBe(2);
  });

  it('holds notifications until a multi-commit operation is complete', () => {
    const store = new StateStore();
    const observed: string[][] = [];
    store.subscribe(() => observed.push(store.list('namespaces').map((n) => n.Name)));
    store.holdNotifications(() => {
      store.commit('MockReset', (txn) => txn.put('namespaces', 'a', ns('a', txn.index)));
      store.commit('NamespaceUpserted', (txn) => txn.put('namespaces', 'b', ns('b', txn.index)));
      expect(observed).toEqual([]);
    });
    // Both commits are delivered, in order, after the final state exists.
    expect(observed).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('keeps other subscribers running when one throws', () => {
    const errors: unknown[] = [];
    const store = new StateStore((err) => errors.push(err));
    let delivered = 0;
    store.subscribe(() => {
      throw new Error('bad listener');
    });
    store.subscribe(() => delivered++);
    store.commit('NamespaceUpserted', (txn) => txn.put('namespaces', 'a', ns('a', txn.index)));
    expect(delivered).toBe(1);
    expect(errors).toHaveLength(1);
  });
});
