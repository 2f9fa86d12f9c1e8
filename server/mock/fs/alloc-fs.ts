/**
 * One allocation's directory, in memory — the API that the fs routes and the simulated
 * exec shell (ls / cd / cat / tail -f) share:
 *
 *   list(path)                → FileInfo[]   (name-sorted, like Go's os.ReadDir)
 *   stat(path)                → FileInfo with ContentType
 *   read(path, offset, len)   → Buffer       (refuses secrets/private like Nomad)
 *   size(path)                → number
 *   watch(path, fn)           → unsubscribe; fn('append' | 'truncate' | 'delete')
 *   truncate(path), remove(path)
 *   logStream(task, type)     → the LogStream behind alloc/logs/<task>.<type>.<n>
 *
 * Paths are relative to the alloc dir (`/`, `alloc/logs`, `web/local/app.yaml`); every
 * error is an FsError whose message is Nomad's text (OS errors quote absolute paths).
 */
import { compareBytewise } from '../../http/json.ts';
import { fileSize, type LogStream } from '../logs/log-stream.ts';
import type { LogType } from '../logs/records.ts';
import type { FileSource } from './content.ts';
import { absolutePath, checkReadable, cleanRelative, FsError } from './paths.ts';
import { detectContentType } from './sniff.ts';

export interface FileInfo {
  Name: string;
  IsDir: boolean;
  Size: number;
  FileMode: string;
  /** Unix ms. */
  ModTime: number;
}

export type FileChange = 'append' | 'truncate' | 'delete';

export interface DirNode {
  kind: 'dir';
  name: string;
  mode: string;
  modTimeMs: number;
  children: Map<string, FsNode>;
}

export interface FileNode {
  kind: 'file';
  name: string;
  mode: string;
  modTimeMs: number;
  source: FileSource;
}

export type FsNode = DirNode | FileNode;

export const DIR_MODE = 'drwxrwxrwx';
export const FILE_MODE = '-rw-r--r--';
export const EXEC_MODE = '-rwxr-xr-x';
export const FIFO_MODE = 'prw-------';

export function dir(name: string, modTimeMs: number, entries: FsNode[] = []): DirNode {
  return { kind: 'dir', name, mode: DIR_MODE, modTimeMs, children: new Map(entries.map((e) => [e.name, e])) };
}

export function file(name: string, modTimeMs: number, source: FileSource, mode = FILE_MODE): FileNode {
  return { kind: 'file', name, mode, modTimeMs, source };
}

const LOG_NAME = /^(.+)\.(stdout|stderr)\.(\d+)$/;

const isLogPath = (segments: readonly string[]): boolean =>
  segments.length === 3 && segments[0] === 'alloc' && segments[1] === 'logs';

export class AllocFs {
  private readonly watchers = new Map<string, Set<(change: FileChange) => void>>();
  private readonly streams = new Map<string, LogStream>();

  constructor(
    readonly allocId: string,
    private readonly root: DirNode,
    /** Task names: their secrets/private dirs are unreadable. */
    readonly tasks: readonly string[],
    private readonly now: () => number,
  ) {}

  /** Attaches a log stream: its files appear in alloc/logs and notify watchers. */
  addLogStream(stream: LogStream): void {
    this.streams.set(stream.name, stream);
    stream.subscribe((ev) => {
      if (ev.kind === 'rotate') return;
      const path = `alloc/logs/${stream.fileName(ev.index)}`;
      this.notify(path, ev.kind);
    });
  }

  logStream(task: string, type: LogType): LogStream | undefined {
    return this.streams.get(`${task}.${type}`);
  }

  /** Every attached log stream (for the writers). */
  logStreams(): LogStream[] {
    return [...this.streams.values()];
  }

  private notify(path: string, change: FileChange): void {
    for (const fn of [...(this.watchers.get(path) ?? [])]) fn(change);
  }

  private logFile(name: string): { stream: LogStream; index: number } | undefined {
    const m = LOG_NAME.exec(name);
    if (!m) return undefined;
    const stream = this.streams.get(`${m[1]}.${m[2]}`);
    const index = Number(m[3]);
    return stream?.get(index) ? { stream, index } : undefined;
  }

  private logNode(name: string): FileNode | undefined {
    const found = this.logFile(name);
    if (!found) return undefined;
    const { stream, index } = found;
    const meta = stream.get(index)!;
    return {
      kind: 'file',
      name,
      mode: FILE_MODE,
      modTimeMs: meta.modTimeMs,
      source: { size: () => fileSize(meta), read: (o, l) => stream.read(index, o, l) },
    };
  }

  private children(node: DirNode, segments: readonly string[]): FsNode[] {
    const list = [...node.children.values()];
    if (segments.length === 2 && segments[0] === 'alloc' && segments[1] === 'logs') {
      for (const stream of this.streams.values()) {
        for (const meta of stream.list()) list.push(this.logNode(stream.fileName(meta.index))!);
      }
    }
    return list.sort((a, b) => compareBytewise(a.name, b.name));
  }

  private lookup(segments: readonly string[], op: 'open' | 'stat'): FsNode {
    let node: FsNode = this.root;
    for (let i = 0; i < segments.length; i++) {
      const abs = absolutePath(this.allocId, segments);
      if (node.kind !== 'dir') throw new FsError('not-dir', `${op} ${abs}: not a directory`);
      const name = segments[i]!;
      const isLogDir = i === 2 && segments[0] === 'alloc' && segments[1] === 'logs';
      const next: FsNode | undefined = node.children.get(name) ?? (isLogDir ? this.logNode(name) : undefined);
      if (!next) throw new FsError('not-found', `${op} ${abs}: no such file or directory`);
      node = next;
    }
    return node;
  }

  private info(node: FsNode, segments: readonly string[]): FileInfo {
    return {
      Name: segments.length === 0 ? this.allocId : node.name,
      IsDir: node.kind === 'dir',
      Size: node.kind === 'dir' ? 4096 : node.source.size(),
      FileMode: node.mode,
      ModTime: node.modTimeMs,
    };
  }

  list(path: string): FileInfo[] {
    const segments = cleanRelative(path);
    const node = this.lookup(segments, 'open');
    if (node.kind !== 'dir') {
      throw new FsError('not-dir', `readdirent ${absolutePath(this.allocId, segments)}: not a directory`);
    }
    return this.children(node, segments).map((child) => this.info(child, [...segments, child.name]));
  }

  stat(path: string): FileInfo & { ContentType: string } {
    const segments = cleanRelative(path);
    const node = this.lookup(segments, 'stat');
    let contentType = 'application/octet-stream';
    if (node.kind === 'file' && node.mode !== FIFO_MODE) contentType = detectContentType(node.source.read(0, 512));
    if (path.endsWith('.json')) contentType = 'application/json';
    return { ...this.info(node, segments), ContentType: contentType };
  }

  size(path: string): number {
    return this.stat(path).Size;
  }

  /**
   * Bytes of a file like Nomad's ReadAt: escape and secret checks first, then open.
   * A directory or a fifo reads as empty (Go's io.Copy error is dropped by Nomad).
   */
  read(path: string, offset: number, length: number): Buffer {
    const segments = cleanRelative(path);
    checkReadable(this.allocId, segments, this.tasks, path);
    const node = this.lookup(segments, 'open');
    if (node.kind === 'dir' || node.mode === FIFO_MODE) return Buffer.alloc(0);
    return node.source.read(Math.max(0, offset), Math.max(0, length));
  }

  /** Checks a path for reading without reading it (stream/logs open the file first). */
  checkRead(path: string): void {
    this.read(path, 0, 0);
  }

  watch(path: string, fn: (change: FileChange) => void): () => void {
    const key = cleanRelative(path).join('/');
    let set = this.watchers.get(key);
    if (!set) this.watchers.set(key, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.watchers.delete(key);
    };
  }

  private parentOf(segments: readonly string[]): DirNode {
    const parent = this.lookup(segments.slice(0, -1), 'open');
    if (parent.kind !== 'dir')
      throw new FsError('not-dir', `open ${absolutePath(this.allocId, segments)}: not a directory`);
    return parent;
  }

  /** Adds (or replaces) a file in an existing directory: the hostile corpus's files. */
  putFile(path: string, source: FileSource, mode = FILE_MODE): void {
    const segments = cleanRelative(path);
    if (segments.length === 0)
      throw new FsError('is-dir', `open ${absolutePath(this.allocId, segments)}: is a directory`);
    const name = segments[segments.length - 1]!;
    this.parentOf(segments).children.set(name, file(name, this.now(), source, mode));
    this.notify(segments.join('/'), 'append');
  }

  /** Empties a file (log files keep being written to). */
  truncate(path: string): void {
    const segments = cleanRelative(path);
    const node = this.lookup(segments, 'open');
    if (node.kind === 'dir')
      throw new FsError('is-dir', `truncate ${absolutePath(this.allocId, segments)}: is a directory`);
    const log = this.logFile(segments[segments.length - 1]!);
    if (log && isLogPath(segments)) {
      log.stream.truncate(log.index);
      return;
    }
    const empty = Buffer.alloc(0);
    const f = node as FileNode;
    f.source = { size: () => 0, read: () => empty };
    f.modTimeMs = this.now();
    this.notify(segments.join('/'), 'truncate');
  }

  /** Deletes a file or an empty directory. */
  remove(path: string): void {
    const segments = cleanRelative(path);
    if (segments.length === 0)
      throw new FsError('is-dir', `remove ${absolutePath(this.allocId, segments)}: device or resource busy`);
    const node = this.lookup(segments, 'open');
    const log = this.logFile(segments[segments.length - 1]!);
    if (log && isLogPath(segments)) {
      log.stream.delete(log.index);
      return;
    }
    if (node.kind === 'dir' && node.children.size > 0) {
      throw new FsError('not-dir', `remove ${absolutePath(this.allocId, segments)}: directory not empty`);
    }
    this.parentOf(segments).children.delete(node.name);
    this.notify(segments.join('/'), 'delete');
  }
}
