/**
 * Byte positions across rotated log files. Nomad writes `alloc/logs/<task>.<type>.<n>` and
 * its logs endpoint reads them as one stream: `origin=start&offset=N` skips N bytes counted
 * from the start of the oldest file still on disk. Frames, however, report an offset within
 * the file they came from. These helpers convert between the two, given a directory listing.
 */

export interface DirEntry {
  Name: string;
  Size: number;
  IsDir: boolean;
}

export interface LogFile {
  idx: number;
  name: string;
  size: number;
}

export const LOG_DIR = 'alloc/logs';

/** The task's rotated files for one stream, oldest first. */
export function logFilesFor(entries: readonly DirEntry[], task: string, type: string): LogFile[] {
  const prefix = `${task}.${type}.`;
  const out: LogFile[] = [];
  for (const e of entries) {
    if (e.IsDir || !e.Name.startsWith(prefix)) continue;
    const rest = e.Name.slice(prefix.length);
    if (!/^\d+$/.test(rest)) continue;
    out.push({ idx: Number(rest), name: e.Name, size: e.Size });
  }
  return out.sort((a, b) => a.idx - b.idx);
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Absolute position of `offset` within `file` (a path or a bare name); undefined if the file is gone. */
export function toAbsolute(files: readonly LogFile[], file: string, offset: number): number | undefined {
  const name = baseName(file);
  let base = 0;
  for (const f of files) {
    if (f.name === name) return base + offset;
    base += f.size;
  }
  return undefined;
}

/** The file and in-file offset of an absolute position (clamped to the end). */
export function fromAbsolute(files: readonly LogFile[], abs: number): { name: string; offset: number } | undefined {
  let base = 0;
  for (const [i, f] of files.entries()) {
    if (abs < base + f.size || i === files.length - 1) return { name: f.name, offset: Math.min(abs - base, f.size) };
    base += f.size;
  }
  return undefined;
}

export function totalSize(files: readonly LogFile[]): number {
  return files.reduce((n, f) => n + f.size, 0);
}
