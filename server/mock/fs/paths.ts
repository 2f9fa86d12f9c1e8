/**
 * Path handling of Nomad's allocdir (client/allocdir, helper/escapingfs): paths are
 * relative to the allocation directory, cleaned like Go's filepath.Join, refused when they
 * escape it, and reads under a task's `secrets` or `private` directory are refused with a
 * case-insensitive *string* prefix match (so `web/secretsX` is refused too, as in Nomad).
 */

/** Where a Nomad client keeps allocation directories; OS errors quote absolute paths. */
export const DATA_DIR = '/opt/nomad/data/alloc';

export type FsErrorKind = 'escape' | 'not-found' | 'not-dir' | 'is-dir' | 'secret' | 'private';

export class FsError extends Error {
  override name = 'FsError';
  constructor(
    readonly kind: FsErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export const ESCAPE_MESSAGE = 'Path escapes the alloc directory';

/**
 * The cleaned path relative to the alloc dir, as segments (`[]` is the alloc dir itself).
 * Throws FsError('escape') like escapingfs.PathEscapesAllocDir, which checks whether the
 * relative path *starts with* `..` — so a top-level name like `..foo` counts as an escape.
 */
export function cleanRelative(path: string): string[] {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else out.push('..');
    } else {
      out.push(seg);
    }
  }
  if ((out[0] ?? '').startsWith('..')) throw new FsError('escape', ESCAPE_MESSAGE);
  return out;
}

export function absolutePath(allocId: string, segments: readonly string[]): string {
  return segments.length === 0 ? `${DATA_DIR}/${allocId}` : `${DATA_DIR}/${allocId}/${segments.join('/')}`;
}

/** Refuses reads inside a task's secrets or private dir; `requested` is quoted as sent. */
export function checkReadable(
  allocId: string,
  segments: readonly string[],
  tasks: readonly string[],
  requested: string,
): void {
  const abs = absolutePath(allocId, segments).toLowerCase();
  for (const task of tasks) {
    const base = `${DATA_DIR}/${allocId}/${task}`.toLowerCase();
    if (abs.startsWith(`${base}/secrets`)) {
      throw new FsError('secret', `Reading secret file prohibited: ${requested}`);
    }
    if (abs.startsWith(`${base}/private`)) {
      throw new FsError('private', `Reading private file prohibited: ${requested}`);
    }
  }
}
