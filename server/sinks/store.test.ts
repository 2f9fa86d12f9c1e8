import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDataDir, SinkStore, SinkStoreError } from './store.ts';
import type { SinkInput } from './validate.ts';

const input = (id: string, extra: Partial<SinkInput> = {}): SinkInput => ({
  ID: id,
  Type: 'webhook',
  Address: 'http://127.0.0.1:1/x',
  Topics: { Job: ['*'] },
  LatestIndex: undefined,
  Headers: undefined,
  Secret: undefined,
  ...extra,
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sinks-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SinkStore', () => {
  it('persists definitions and indexes across a reopen', async () => {
    const a = new SinkStore(dir);
    expect((await a.upsert(input('one'))).index).toBe(1);
    await a.upsert(input('two', { Secret: 's3' }));
    await a.upsert(input('one', { Address: 'http://127.0.0.1:2/y' }));
    await a.close();
    const b = new SinkStore(dir);
    expect(b.index).toBe(3);
    expect(b.get('one')).toMatchObject({ Address: 'http://127.0.0.1:2/y', CreateIndex: 1, ModifyIndex: 3 });
    expect(b.get('two')).toMatchObject({ Secret: 's3', CreateIndex: 2 });
    await b.close();
  });

  it('keeps the old file when a write crashes between fsync and rename, and cleans the leftover', async () => {
    const a = new SinkStore(dir);
    await a.upsert(input('kept'));
    await a.close();
    const crashing = new SinkStore(dir, {
      beforeRename: () => {
        throw new Error('simulated crash');
      },
    });
    await expect(crashing.upsert(input('lost'))).rejects.toThrow('simulated crash');
    // The acknowledged-nothing write left a temp file and did not change memory.
    expect(crashing.get('lost')).toBeUndefined();
    expect(readdirSync(dir).some((n) => n.startsWith('sinks.json.tmp-'))).toBe(true);
    const reopened = new SinkStore(dir);
    expect(reopened.list().map((s) => s.ID)).toEqual(['kept']);
    expect(readdirSync(dir)).toEqual(['sinks.json']);
    await reopened.close();
  });

  it('refuses a corrupt file instead of overwriting it', () => {
    writeFileSync(join(dir, 'sinks.json'), '{"Version":1,"Index":3,"Sin');
    expect(() => new SinkStore(dir)).toThrow(SinkStoreError);
    expect(readFileSync(join(dir, 'sinks.json'), 'utf8')).toBe('{"Version":1,"Index":3,"Sin');
  });

  it('writes progress debounced, bumping ModifyIndex and the index, and wakes watchers', async () => {
    const store = new SinkStore(dir, { progressFlushMs: 20 });
    await store.upsert(input('p'));
    let woke = 0;
    store.watch(['event_sink'], () => woke++);
    store.recordProgress('p', 40, 1);
    store.recordProgress('p', 42, 2);
    expect(JSON.parse(readFileSync(join(dir, 'sinks.json'), 'utf8')).Sinks[0].LatestIndex).toBe(0);
    await new Promise((r) => setTimeout(r, 80));
    const file = JSON.parse(readFileSync(join(dir, 'sinks.json'), 'utf8'));
    expect(file.Sinks[0]).toMatchObject({ LatestIndex: 42, LatestIndexLines: 2, ModifyIndex: 2 });
    expect(store.index).toBe(2);
    expect(woke).toBe(1);
    await store.close();
  });

  it('does not lose progress recorded while a write is in flight', async () => {
    let during: (() => void) | undefined;
    const store = new SinkStore(dir, { progressFlushMs: 1_000_000, beforeRename: () => during?.() });
    await store.upsert(input('r'));
    store.recordProgress('r', 10, 1);
    during = () => {
      during = undefined;
      store.recordProgress('r', 11, 1);
    };
    await store.flush();
    await store.close();
    expect(JSON.parse(readFileSync(join(dir, 'sinks.json'), 'utf8')).Sinks[0].LatestIndex).toBe(11);
  });

  it('keeps progress, headers and secret on an update that omits them, and takes LatestIndex from the body', async () => {
    const store = new SinkStore(dir);
    await store.upsert(input('u', { Headers: { 'X-A': '1' }, Secret: 'k' }));
    store.recordProgress('u', 9, 1);
    await store.upsert(input('u', { Address: 'http://127.0.0.1:3/z' }));
    expect(store.get('u')).toMatchObject({ LatestIndex: 9, Headers: { 'X-A': '1' }, Secret: 'k' });
    await store.upsert(input('u', { LatestIndex: 0, Secret: '' }));
    expect(store.get('u')).toMatchObject({ LatestIndex: 0, Secret: '' });
    await store.close();
  });

  it('deletes (a missing sink too) durably', async () => {
    const store = new SinkStore(dir);
    await store.upsert(input('d'));
    expect(await store.delete('d')).toBe(2);
    expect(await store.delete('nope')).toBe(3);
    await store.close();
    expect(new SinkStore(dir).list()).toEqual([]);
  });
});

describe('defaultDataDir', () => {
  it('prefers NOMAD_LIVE_DATA_DIR, then XDG_STATE_HOME, then ~/.local/state', () => {
    expect(defaultDataDir({ NOMAD_LIVE_DATA_DIR: '/d' }, '/home/u')).toBe('/d');
    expect(defaultDataDir({ XDG_STATE_HOME: '/s' }, '/home/u')).toBe('/s/nomad-live');
    expect(defaultDataDir({}, '/home/u')).toBe('/home/u/.local/state/nomad-live');
  });
});
