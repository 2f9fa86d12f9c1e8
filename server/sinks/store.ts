/**
 * Durable sink definitions and delivery progress: one JSON file in the data directory,
 * replaced atomically (temp file + fsync + rename + fsync of the directory) so a crash at
 * any moment leaves either the old or the new file, never a torn one. A definition change
 * is written before it is applied in memory, so an acknowledged write is on disk. Progress
 * (`LatestIndex`) is written debounced: a crash rewinds it at most to the last flush, and
 * the worker then re-delivers from there (at-least-once, never skipped).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChangeFeed } from '../http/blocking.ts';
import type { SinkInput, TopicMap } from './validate.ts';

export const SINKS_TABLE = 'event_sink';
const FILE = 'sinks.json';
const TMP_PREFIX = `${FILE}.tmp-`;

export interface StoredSink {
  ID: string;
  Type: string;
  Address: string;
  Topics: TopicMap;
  /** Index of the last batch delivered (2xx). */
  LatestIndex: number;
  /** How many stream lines carrying `LatestIndex` were delivered (one raft index can span several lines). */
  LatestIndexLines: number;
  CreateIndex: number;
  ModifyIndex: number;
  Headers: Record<string, string> | null;
  Secret: string;
  /** The upstream epoch `LatestIndex` was recorded under (see Upstream.epoch). */
  Epoch?: string | undefined;
}

interface FileShape {
  Version: 1;
  Index: number;
  Sinks: StoredSink[];
}

export interface SinkStoreOptions {
  /** Debounce of progress writes, ms; default 1000. */
  progressFlushMs?: number;
  /** Test hook: runs after the temp file is synced and before the rename (throw to simulate a crash). */
  beforeRename?: (tmpPath: string) => void;
  log?: (line: string) => void;
}

export class SinkStoreError extends Error {
  override name = 'SinkStoreError';
}

/** Writes `data` to `dir/name` so that a crash leaves the old or the new content. */
export async function writeFileAtomic(
  dir: string,
  name: string,
  data: string,
  beforeRename?: (tmpPath: string) => void,
): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `${name}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(data, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  beforeRename?.(tmp);
  await rename(tmp, join(dir, name));
  // The rename itself is durable only once the directory entry is synced.
  const dh = openSync(dir, 'r');
  try {
    fsyncSync(dh);
  } finally {
    closeSync(dh);
  }
}

type Listener = () => void;

export class SinkStore implements ChangeFeed {
  private sinks = new Map<string, StoredSink>();
  private tableIndex = 0;
  private readonly listeners = new Set<Listener>();
  private chain: Promise<unknown> = Promise.resolve();
  /** Sinks with progress not yet on disk, with a version so a write only clears what it wrote. */
  private readonly dirty = new Map<string, number>();
  private progressVersion = 0;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly flushMs: number;

  constructor(
    readonly dir: string,
    private readonly opts: SinkStoreOptions = {},
  ) {
    this.flushMs = opts.progressFlushMs ?? 1000;
    this.load();
  }

  /** Reads the file if there is one; leftovers of an interrupted write are removed. A corrupt file is an error, never overwritten. */
  private load(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const n of names) if (n.startsWith(TMP_PREFIX)) rmSync(join(this.dir, n), { force: true });
    if (!names.includes(FILE)) return;
    const path = join(this.dir, FILE);
    let parsed: FileShape;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8')) as FileShape;
    } catch (err) {
      throw new SinkStoreError(
        `cannot read ${path}: ${err instanceof Error ? err.message : String(err)} (fix or move the file; it is not overwritten)`,
      );
    }
    if (parsed.Version !== 1 || !Array.isArray(parsed.Sinks)) {
      throw new SinkStoreError(`cannot read ${path}: unknown format (fix or move the file; it is not overwritten)`);
    }
    this.tableIndex = parsed.Index;
    for (const s of parsed.Sinks) this.sinks.set(s.ID, { ...s, LatestIndexLines: s.LatestIndexLines ?? 0 });
  }

  get index(): number {
    return this.tableIndex;
  }

  list(): StoredSink[] {
    return [...this.sinks.values()].sort((a, b) => (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0));
  }

  get(id: string): StoredSink | undefined {
    return this.sinks.get(id);
  }

  watch(_tables: readonly string[], listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  private snapshot(sinks: Iterable<StoredSink>, index: number): string {
    const file: FileShape = { Version: 1, Index: index, Sinks: [...sinks] };
    return `${JSON.stringify(file, null, 2)}\n`;
  }

  /** Serialises writes: each builds its snapshot only when the previous one has landed. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Creates or replaces a sink; resolves with the new index once it is on disk. */
  upsert(input: SinkInput): Promise<{ index: number; before: StoredSink | undefined; after: StoredSink }> {
    return this.enqueue(async () => {
      if (this.closed) throw new SinkStoreError('sink store is closed');
      const index = this.tableIndex + 1;
      const before = this.sinks.get(input.ID);
      const after: StoredSink = {
        ID: input.ID,
        Type: input.Type,
        Address: input.Address,
        Topics: input.Topics,
        LatestIndex: input.LatestIndex ?? before?.LatestIndex ?? 0,
        LatestIndexLines:
          input.LatestIndex === undefined || input.LatestIndex === before?.LatestIndex
            ? (before?.LatestIndexLines ?? 0)
            : 0,
        CreateIndex: before?.CreateIndex ?? index,
        ModifyIndex: index,
        Headers: input.Headers === undefined ? (before?.Headers ?? null) : input.Headers,
        Secret: input.Secret === undefined ? (before?.Secret ?? '') : input.Secret,
        // An index given in the body refers to the current upstream.
        Epoch: input.LatestIndex === undefined ? before?.Epoch : undefined,
      };
      const next = new Map(this.sinks);
      next.set(after.ID, after);
      const written = new Map(this.dirty);
      await writeFileAtomic(this.dir, FILE, this.snapshot(next.values(), index), this.opts.beforeRename);
      this.sinks = next;
      this.tableIndex = index;
      this.clean(written);
      this.notify();
      return { index, before, after };
    });
  }

  /** Deletes a sink (a missing one too, as Nomad does); resolves with the new index once on disk. */
  delete(id: string): Promise<number> {
    return this.enqueue(async () => {
      if (this.closed) throw new SinkStoreError('sink store is closed');
      const index = this.tableIndex + 1;
      const next = new Map(this.sinks);
      next.delete(id);
      const written = new Map(this.dirty);
      await writeFileAtomic(this.dir, FILE, this.snapshot(next.values(), index), this.opts.beforeRename);
      this.sinks = next;
      this.tableIndex = index;
      this.dirty.delete(id);
      this.clean(written);
      this.notify();
      return index;
    });
  }

  /** Records delivered progress in memory; it reaches the disk with the next debounced flush. */
  recordProgress(id: string, latestIndex: number, lines: number, epoch?: string): void {
    const sink = this.sinks.get(id);
    if (!sink || this.closed) return;
    sink.LatestIndex = latestIndex;
    sink.LatestIndexLines = lines;
    sink.Epoch = epoch;
    this.dirty.set(id, ++this.progressVersion);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      this.flush().catch((err: unknown) => {
        this.opts.log?.(`sinks: progress not saved: ${err instanceof Error ? err.message : String(err)}`);
      });
    }, this.flushMs);
  }

  /** Forgets the progress a write captured, unless more was recorded while it was being written. */
  private clean(written: ReadonlyMap<string, number>): void {
    for (const [id, version] of written) if (this.dirty.get(id) === version) this.dirty.delete(id);
  }

  /** Writes pending progress now. Like the beta's UpdateSinks, it bumps ModifyIndex and the table index. */
  flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    return this.enqueue(async () => {
      const written = new Map(this.dirty);
      const ids = [...written.keys()].filter((id) => this.sinks.has(id));
      if (ids.length === 0) return;
      const index = this.tableIndex + 1;
      const next = new Map(this.sinks);
      for (const id of ids) next.set(id, { ...next.get(id)!, ModifyIndex: index });
      await writeFileAtomic(this.dir, FILE, this.snapshot(next.values(), index), this.opts.beforeRename);
      this.clean(written);
      for (const id of ids) {
        // Keep the live objects (workers may have advanced further meanwhile); only stamp them.
        const live = this.sinks.get(id);
        if (live) live.ModifyIndex = index;
      }
      this.tableIndex = index;
      this.notify();
    });
  }

  /** Flushes pending progress and stops the debounce timer. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush().catch(() => undefined);
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.listeners.clear();
  }
}

/** `--data-dir` default: $XDG_STATE_HOME/nomad-live or ~/.local/state/nomad-live. */
export function defaultDataDir(env: NodeJS.ProcessEnv, home: string): string {
  if (env.NOMAD_LIVE_DATA_DIR) return env.NOMAD_LIVE_DATA_DIR;
  const state =
    env.XDG_STATE_HOME && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(home, '.local', 'state');
  return join(state, 'nomad-live');
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}
