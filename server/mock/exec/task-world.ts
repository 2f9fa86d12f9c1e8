/**
 * What an exec session sees inside a task: which shells the image has, the user, the
 * hostname, the environment, and a container-style view of the allocation filesystem
 * (`/alloc`, `/local`, `/secrets`, `/tmp` from the AllocFs; `/bin`, `/etc`, `/usr/bin`
 * synthetic). Decided deterministically from the driver and the image name:
 *
 *   docker image containing `alpine` or `busybox` → /bin/sh only (BusyBox ash)
 *   any other docker image, exec, raw_exec, java   → /bin/bash and /bin/sh
 */
import type { AllocFs, FileChange } from '../fs/alloc-fs.ts';
import { FsError } from '../fs/paths.ts';
import { hashString } from '../logs/records.ts';
import type { AllocationWire, TaskWire } from '../wire.ts';

export interface TaskFacts {
  driver: string;
  image: string;
  docker: boolean;
  hasBash: boolean;
  user: string;
  hostname: string;
  osName: string;
}

export function taskFacts(alloc: AllocationWire, task: TaskWire): TaskFacts {
  const docker = task.Driver === 'docker';
  const rawImage = task.Config?.['image'];
  const image = docker && typeof rawImage === 'string' ? rawImage : '';
  const slim = /alpine|busybox/i.test(image);
  const containerId = hashString(7, `${alloc.ID}/${task.Name}`).toString(16).padStart(8, '0') + alloc.ID.slice(0, 4);
  return {
    driver: task.Driver,
    image,
    docker,
    hasBash: !slim,
    user: task.User || (task.Driver === 'exec' || task.Driver === 'java' ? 'nobody' : 'root'),
    hostname: docker ? containerId.slice(0, 12) : alloc.NodeName || alloc.NodeID.slice(0, 8),
    osName: slim ? 'Alpine Linux v3.20' : 'Debian GNU/Linux 12 (bookworm)',
  };
}

/** Environment of the task as Nomad sets it (a representative subset), plus the task's own env. */
export function taskEnv(alloc: AllocationWire, task: TaskWire, facts: TaskFacts, tty: boolean): Map<string, string> {
  const env = new Map<string, string>();
  const set = (k: string, v: string) => env.set(k, v);
  set('PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  set('HOSTNAME', facts.hostname);
  set('HOME', facts.user === 'root' ? '/root' : '/');
  if (tty) set('TERM', 'xterm');
  const index = /\[(\d+)\]$/.exec(alloc.Name)?.[1] ?? '0';
  set('NOMAD_ALLOC_DIR', '/alloc');
  set('NOMAD_ALLOC_ID', alloc.ID);
  set('NOMAD_ALLOC_INDEX', index);
  set('NOMAD_ALLOC_NAME', alloc.Name);
  set('NOMAD_CPU_LIMIT', String(task.Resources.CPU));
  set('NOMAD_DC', alloc.Job.Datacenters?.[0] ?? 'dc1');
  set('NOMAD_GROUP_NAME', alloc.TaskGroup);
  set('NOMAD_JOB_ID', alloc.JobID);
  set('NOMAD_JOB_NAME', alloc.Job.Name || alloc.JobID);
  set('NOMAD_MEMORY_LIMIT', String(task.Resources.MemoryMB));
  set('NOMAD_NAMESPACE', alloc.Namespace);
  set('NOMAD_REGION', alloc.Job.Region || 'global');
  set('NOMAD_SECRETS_DIR', '/secrets');
  set('NOMAD_SHORT_ALLOC_ID', alloc.ID.slice(0, 8));
  set('NOMAD_TASK_DIR', '/local');
  set('NOMAD_TASK_NAME', task.Name);
  for (const [k, v] of Object.entries(task.Env ?? {})) set(k, v);
  return env;
}

export type FsErrno = 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EACCES';

export const ERRNO_TEXT: Record<FsErrno, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EACCES: 'Permission denied',
};

export class ShellFsError extends Error {
  constructor(readonly errno: FsErrno) {
    super(ERRNO_TEXT[errno]);
  }
}

export interface Entry {
  name: string;
  isDir: boolean;
  size: number;
  mode: string;
  mtimeMs: number;
}

/** Normalizes `path` against `cwd` into an absolute path without `.`/`..`. */
export function resolvePath(cwd: string, path: string): string {
  const parts = (path.startsWith('/') ? path : `${cwd}/${path}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

const MOUNTS: Record<string, (task: string) => string> = {
  alloc: () => 'alloc',
  local: (t) => `${t}/local`,
  secrets: (t) => `${t}/secrets`,
  tmp: (t) => `${t}/tmp`,
};

/** The container's view of the filesystem. */
export class TaskFs {
  private readonly synthetic = new Map<string, string>();
  readonly binaries: string[];

  constructor(
    private readonly fs: AllocFs,
    private readonly task: string,
    facts: TaskFacts,
    commands: readonly string[],
    private readonly startedMs: number,
  ) {
    const shells = facts.hasBash ? ['bash', 'sh'] : ['sh'];
    this.binaries = [...new Set([...commands, ...shells])].sort();
    this.synthetic.set('/etc/hostname', `${facts.hostname}\n`);
    this.synthetic.set('/etc/os-release', `PRETTY_NAME="${facts.osName}"\nNAME="${facts.osName.split(' ')[0]}"\n`);
    this.synthetic.set(
      '/etc/passwd',
      'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/usr/sbin/nologin\n',
    );
  }

  private mapped(abs: string): string | undefined {
    const [top, ...rest] = abs.split('/').filter(Boolean);
    const mount = top === undefined ? undefined : MOUNTS[top];
    if (!mount) return undefined;
    return [mount(this.task), ...rest].join('/');
  }

  private syntheticDir(abs: string): string[] | undefined {
    if (abs === '/') return [...Object.keys(MOUNTS), 'bin', 'etc', 'usr'].sort();
    if (abs === '/bin' || abs === '/usr/bin') return this.binaries;
    if (abs === '/etc') return [...this.synthetic.keys()].map((k) => k.slice(5)).sort();
    if (abs === '/usr') return ['bin'];
    return undefined;
  }

  private wrap<T>(run: () => T): T {
    try {
      return run();
    } catch (err) {
      if (err instanceof FsError) {
        if (err.kind === 'not-found') throw new ShellFsError('ENOENT');
        if (err.kind === 'not-dir') throw new ShellFsError('ENOTDIR');
        if (err.kind === 'is-dir') throw new ShellFsError('EISDIR');
        throw new ShellFsError('EACCES');
      }
      throw err;
    }
  }

  isBinary(abs: string): boolean {
    const m = /^\/(?:usr\/)?bin\/([^/]+)$/.exec(abs);
    return m !== null && this.binaries.includes(m[1]!);
  }

  stat(abs: string): Entry {
    const name = abs.split('/').pop() || '/';
    if (this.syntheticDir(abs)) return { name, isDir: true, size: 4096, mode: 'drwxr-xr-x', mtimeMs: this.startedMs };
    const text = this.synthetic.get(abs);
    if (text !== undefined)
      return { name, isDir: false, size: text.length, mode: '-rw-r--r--', mtimeMs: this.startedMs };
    if (this.isBinary(abs)) return { name, isDir: false, size: 824_112, mode: '-rwxr-xr-x', mtimeMs: this.startedMs };
    const rel = this.mapped(abs);
    if (rel === undefined) throw new ShellFsError('ENOENT');
    const info = this.wrap(() => this.fs.stat(rel));
    return { name, isDir: info.IsDir, size: info.Size, mode: info.FileMode, mtimeMs: info.ModTime };
  }

  list(abs: string): Entry[] {
    const names = this.syntheticDir(abs);
    if (names) return names.map((n) => this.stat(resolvePath(abs, n)));
    const rel = this.mapped(abs);
    if (rel === undefined) throw new ShellFsError(this.synthetic.has(abs) ? 'ENOTDIR' : 'ENOENT');
    return this.wrap(() =>
      this.fs
        .list(rel)
        .map((i) => ({ name: i.Name, isDir: i.IsDir, size: i.Size, mode: i.FileMode, mtimeMs: i.ModTime })),
    );
  }

  read(abs: string, offset = 0, length = Number.MAX_SAFE_INTEGER): Buffer {
    const text = this.synthetic.get(abs);
    if (text !== undefined) return Buffer.from(text).subarray(offset, offset + length);
    if (this.syntheticDir(abs)) throw new ShellFsError('EISDIR');
    if (this.isBinary(abs)) return Buffer.from('\x7fELF\x02\x01\x01').subarray(offset, offset + length);
    const rel = this.mapped(abs);
    if (rel === undefined) throw new ShellFsError('ENOENT');
    if (this.stat(abs).isDir) throw new ShellFsError('EISDIR');
    return this.wrap(() => this.fs.read(rel, offset, Math.min(length, 64 * 1024 * 1024)));
  }

  /** Follows changes of a mapped file (tail -f); synthetic files never change. */
  watch(abs: string, fn: (change: FileChange) => void): () => void {
    const rel = this.mapped(abs);
    return rel === undefined ? () => {} : this.fs.watch(rel, fn);
  }
}
