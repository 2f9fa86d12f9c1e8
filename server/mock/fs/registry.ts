/**
 * The allocation filesystems of the mock cluster and the log writers behind them.
 *
 * An allocation's directory is built on first use (any fs route, or the exec shell) from
 * its row in the state store, deterministically from the seed and the alloc: so a server
 * that is never asked for files spends nothing on them. From then on a single ticker makes
 * the log streams of every running task grow at the configured rate, with occasional
 * bursts; terminal allocations keep what they wrote. Control routes can burst, freeze or
 * re-rate a writer, and truncate or delete files.
 *
 *   registry.fsFor(alloc)                      → AllocFs (built once per alloc)
 *   registry.burst / freeze / setRate          → writer control
 */
import type { Timers } from '../events/timers.ts';
import { LogStream } from '../logs/log-stream.ts';
import { HUGE_FILE_BYTES, HUGE_LINE, hugeReader } from '../logs/huge-log.ts';
import { hashString, type LogType } from '../logs/records.ts';
import type { AllocationWire } from '../wire.ts';
import { AllocFs, dir, EXEC_MODE, FIFO_MODE, file } from './alloc-fs.ts';
import {
  bigFileSource,
  bufferSource,
  configFile,
  envFile,
  jsonFile,
  makeBinary,
  makePng,
  stateJson,
  type TaskContext,
} from './content.ts';

export interface LogWriterOptions {
  /** Records per second written to each running task's stdout; stderr gets a fifth. Default 4. */
  rate?: number;
  /** When set, stdout of every running task writes this many records per second instead. */
  firehose?: number;
  /** Rotation size of alloc/logs files. Default 512 KiB (Nomad's default is 10 MB). */
  rotateBytes?: number;
  /** Writer tick. Default 100 ms. */
  tickMs?: number;
}

export interface FsRegistryOptions extends LogWriterOptions {
  seed: number;
  now: () => number;
  timers: Timers;
}

interface Writer {
  allocId: string;
  task: string;
  stream: LogStream;
  rate: number;
  frozen: boolean;
  carry: number;
  ticks: number;
  /** Truncate the live file every this many ticks (0: never). */
  truncateEvery: number;
}

/** The name that needs URL escaping: space, parentheses, #, %, +, ?, &, non-ASCII. */
export const AWKWARD_FILE_NAME = 'report (final) #2 50%+ über?&.txt';
export const BIG_FILE_PATH = 'alloc/data/archive-200mb.log';

const DEFAULT_RATE = 4;

/**
 * Jobs whose tasks' stdout is truncated in place now and then (like a copytruncate
 * logrotate), so demos show `file truncated` without a control call; other jobs only
 * truncate through the control route, which keeps tests predictable.
 */
export const AUTO_TRUNCATE_JOBS: ReadonlySet<string> = new Set(['log-shipper']);
const AUTO_TRUNCATE_TICKS = 3000;
const CATCH_UP_CAP = 5000;

function parseMs(rfc: string | null | undefined): number | undefined {
  if (!rfc) return undefined;
  const ms = Date.parse(rfc);
  return Number.isNaN(ms) ? undefined : ms;
}

export class FsRegistry {
  private readonly fss = new Map<string, AllocFs>();
  private readonly writers = new Map<string, Writer>();
  private stopTicker: (() => void) | undefined;
  private readonly startedMs: number;
  private readonly rotateBytes: number;
  private readonly tickMs: number;
  private lastTick: number;

  constructor(
    private readonly opts: FsRegistryOptions,
    private readonly lookupAlloc: (id: string) => AllocationWire | undefined,
  ) {
    this.startedMs = opts.now();
    this.lastTick = this.startedMs;
    this.rotateBytes = opts.rotateBytes ?? 512 * 1024;
    this.tickMs = opts.tickMs ?? 100;
  }

  private stdoutRate(): number {
    return this.opts.firehose ?? this.opts.rate ?? DEFAULT_RATE;
  }

  private baseRate(type: LogType): number {
    return type === 'stdout' ? this.stdoutRate() : (this.opts.rate ?? DEFAULT_RATE) / 5;
  }

  /** The allocation's filesystem, built on first use. */
  fsFor(alloc: AllocationWire): AllocFs {
    let fs = this.fss.get(alloc.ID);
    if (!fs) {
      fs = this.build(alloc);
      this.fss.set(alloc.ID, fs);
    }
    this.ensureStreams(fs, alloc);
    return fs;
  }

  private taskContexts(alloc: AllocationWire): (TaskContext & { maxFiles: number; logsDisabled: boolean })[] {
    const group = alloc.Job.TaskGroups?.find((g) => g.Name === alloc.TaskGroup);
    return (group?.Tasks ?? []).map((t) => ({
      allocId: alloc.ID,
      jobId: alloc.JobID,
      group: alloc.TaskGroup,
      task: t.Name,
      driver: t.Driver,
      namespace: alloc.Namespace,
      nodeId: alloc.NodeID,
      maxFiles: Math.max(1, t.LogConfig?.MaxFiles ?? 10),
      logsDisabled: t.LogConfig?.Disabled ?? false,
    }));
  }

  private build(alloc: AllocationWire): AllocFs {
    const created = Math.floor(alloc.CreateTime / 1e6);
    const seed = hashString(this.opts.seed, alloc.ID);
    const tasks = this.taskContexts(alloc);
    const logs = dir('logs', created);
    const root = dir(alloc.ID, created, [
      dir('alloc', created, [
        dir('data', created, [
          file('archive-200mb.log', created, bigFileSource()),
          file(
            'state.json',
            created + 1500,
            bufferSource(Buffer.from(stateJson(tasks[0] ?? ctxFallback(alloc), seed))),
          ),
          file('snapshot.bin', created + 2500, bufferSource(makeBinary(seed ^ 0x5a5a))),
        ]),
        logs,
        dir('tmp', created),
      ]),
    ]);
    for (const t of tasks) {
      const started = parseMs(alloc.TaskStates?.[t.task]?.StartedAt) ?? created;
      const taskSeed = hashString(seed, t.task);
      for (const type of ['stdout', 'stderr'] as const) {
        logs.children.set(
          `.${t.task}.${type}.fifo`,
          file(`.${t.task}.${type}.fifo`, started, bufferSource(Buffer.alloc(0)), FIFO_MODE),
        );
      }
      const cfg = configFile(t);
      const local = dir('local', started, [
        file(cfg.name, started, bufferSource(Buffer.from(cfg.text))),
        file('app.env', started, bufferSource(Buffer.from(envFile(t)))),
        file('service.json', started, bufferSource(Buffer.from(jsonFile(t)))),
        file('logo.png', started, bufferSource(makePng(taskSeed & 0xff))),
        file(
          AWKWARD_FILE_NAME,
          started + 900,
          bufferSource(Buffer.from(`quarterly report for ${t.jobId}\nstatus: final\n`)),
        ),
        dir('bin', started, [file('healthcheck', started, bufferSource(makeBinary(taskSeed)), EXEC_MODE)]),
      ]);
      const secrets = dir('secrets', started, [
        file('vault_token', started, bufferSource(Buffer.from(`hvs.${taskSeed.toString(16)}mock-not-a-real-token\n`))),
        file('api-key.env', started, bufferSource(Buffer.from('API_KEY=mock-secret-value\n'))),
      ]);
      const priv = dir('private', started, [
        file('consul_token', started, bufferSource(Buffer.from('mock-consul-token\n'))),
      ]);
      root.children.set(t.task, dir(t.task, created, [local, secrets, priv, dir('tmp', started)]));
    }
    return new AllocFs(
      alloc.ID,
      root,
      tasks.map((t) => t.task),
      this.opts.now,
    );
  }

  /** Creates the log streams of tasks that have started and log (also after a late start). */
  private ensureStreams(fs: AllocFs, alloc: AllocationWire): void {
    for (const t of this.taskContexts(alloc)) {
      const state = alloc.TaskStates?.[t.task];
      const startedMs = parseMs(state?.StartedAt);
      if (startedMs === undefined || t.logsDisabled || fs.logStream(t.task, 'stdout')) continue;
      const running = state?.State === 'running';
      for (const type of ['stdout', 'stderr'] as const) {
        const streamSeed = hashString(this.opts.seed, `${alloc.ID}/${t.task}/${type}`);
        const base = type === 'stdout' ? 800 + (streamSeed % 9000) : 40 + (streamSeed % 500);
        const elapsedS = Math.max(0, this.opts.now() - this.startedMs) / 1000;
        const rate = this.baseRate(type);
        const catchUp = running ? Math.min(CATCH_UP_CAP, Math.floor(elapsedS * rate)) : 0;
        // A task that started while we were running has only what it wrote since.
        const sinceStartS = Math.max(0, this.opts.now() - startedMs) / 1000;
        const total =
          startedMs > this.startedMs ? 10 + Math.min(CATCH_UP_CAP, Math.floor(sinceStartS * rate)) : base + catchUp;
        // The backlog ends now (or when the task finished), so live lines continue its clock.
        const endMs = running ? this.opts.now() : (parseMs(state?.FinishedAt) ?? this.opts.now());
        const periodMs = rate > 0 ? Math.min(1000 / rate, 60_000) : 250;
        const startMs = Math.max(startedMs, endMs - total * periodMs);
        const spec = {
          seed: this.opts.seed,
          task: t.task,
          type,
          startMs,
          periodMs: Math.min(periodMs, (endMs - startMs) / total || periodMs),
        };
        const stream = new LogStream(spec, streamSeed, {
          rotateBytes: this.rotateBytes,
          maxFiles: t.maxFiles,
          now: this.opts.now,
        });
        stream.append(total, endMs);
        fs.addLogStream(stream);
        this.writers.set(`${alloc.ID}/${t.task}/${type}`, {
          allocId: alloc.ID,
          task: t.task,
          stream,
          rate: this.baseRate(type),
          frozen: false,
          carry: 0,
          ticks: 0,
          truncateEvery: type === 'stdout' && AUTO_TRUNCATE_JOBS.has(alloc.JobID) ? AUTO_TRUNCATE_TICKS : 0,
        });
      }
    }
    this.startTicker();
  }

  private startTicker(): void {
    if (this.stopTicker || this.writers.size === 0) return;
    this.lastTick = this.opts.now();
    this.stopTicker = this.opts.timers.every(this.tickMs, () => this.tick());
  }

  private isRunning(w: Writer): boolean {
    const alloc = this.lookupAlloc(w.allocId);
    return alloc?.ClientStatus === 'running' && alloc.TaskStates?.[w.task]?.State === 'running';
  }

  /** One writer step; exposed for tests driving time by hand. */
  tick(elapsedMs?: number): void {
    const now = this.opts.now();
    const dt = elapsedMs ?? Math.max(0, Math.min(now - this.lastTick, 5000));
    this.lastTick = now;
    for (const [key, w] of this.writers) {
      if (!this.lookupAlloc(w.allocId)) {
        // Garbage-collected allocation: its directory goes with it.
        this.writers.delete(key);
        this.fss.delete(w.allocId);
        continue;
      }
      if (w.frozen || w.rate <= 0 || !this.isRunning(w)) continue;
      w.carry += (w.rate * dt) / 1000;
      let n = Math.floor(w.carry);
      w.carry -= n;
      // An occasional burst, about once a minute per stdout stream at the default tick.
      w.ticks++;
      if (w.stream.spec.type === 'stdout' && hashString(w.ticks, w.task) % 600 === 0) n += 50;
      const live = w.stream.list().at(-1);
      if (w.truncateEvery > 0 && w.ticks % w.truncateEvery === 0 && live) w.stream.truncate(live.index, now);
      if (n > 0) w.stream.append(n, now);
    }
  }

  private writer(allocId: string, task: string, type: LogType): Writer | undefined {
    return this.writers.get(`${allocId}/${task}/${type}`);
  }

  /** Writes `lines` records at once (even when frozen or terminal: a control action). */
  burst(allocId: string, task: string, type: LogType, lines: number): boolean {
    const w = this.writer(allocId, task, type);
    if (!w) return false;
    w.stream.append(lines, this.opts.now());
    return true;
  }

  /**
   * Rotates in a history of `bytes` (rounded to whole files of `fileBytes`) computed from
   * the offset, as if the task had just written it: the huge-log benchmark's 1 GB log.
   */
  huge(allocId: string, task: string, type: LogType, bytes: number, fileBytes = HUGE_FILE_BYTES): number | undefined {
    const w = this.writer(allocId, task, type);
    if (!w) return undefined;
    const each = Math.max(HUGE_LINE, Math.floor(fileBytes / HUGE_LINE) * HUGE_LINE);
    const count = Math.max(1, Math.round(bytes / each));
    const now = this.opts.now();
    const seed = hashString(this.opts.seed, `${allocId}/${task}/${type}/huge`);
    const startMs = now - ((count * each) / HUGE_LINE) * 10;
    w.stream.appendFixed(count, each, hugeReader(seed, startMs, each), now);
    return count * each;
  }

  /** The records a writer produced in [from, to) as bytes (see LogStream.written), and the count so far. */
  written(
    allocId: string,
    task: string,
    type: LogType,
    from: number,
    to?: number,
  ): { bytes: Buffer; records: number } | undefined {
    const w = this.writer(allocId, task, type);
    if (!w) return undefined;
    return { bytes: w.stream.written(from, to), records: w.stream.recordCount };
  }

  setFrozen(allocId: string, task: string, frozen: boolean): boolean {
    const ws = (['stdout', 'stderr'] as const).map((t) => this.writer(allocId, task, t)).filter((w) => w !== undefined);
    ws.forEach((w) => (w.frozen = frozen));
    return ws.length > 0;
  }

  setRate(allocId: string, task: string, type: LogType, rate: number): boolean {
    const w = this.writer(allocId, task, type);
    if (!w) return false;
    w.rate = rate;
    return true;
  }

  /** For `GET /__mock/logs`: every writer built so far. */
  describe(): {
    AllocID: string;
    Task: string;
    Type: LogType;
    Rate: number;
    Frozen: boolean;
    Records: number;
    Running: boolean;
  }[] {
    return [...this.writers.values()].map((w) => ({
      AllocID: w.allocId,
      Task: w.task,
      Type: w.stream.spec.type,
      Rate: w.rate,
      Frozen: w.frozen,
      Records: w.stream.recordCount,
      Running: this.isRunning(w),
    }));
  }

  /** Forgets every filesystem (reset to the seed). */
  clear(): void {
    this.fss.clear();
    this.writers.clear();
    this.stopTicker?.();
    this.stopTicker = undefined;
  }

  close(): void {
    this.clear();
  }
}

function ctxFallback(alloc: AllocationWire): TaskContext {
  return {
    allocId: alloc.ID,
    jobId: alloc.JobID,
    group: alloc.TaskGroup,
    task: alloc.TaskGroup,
    driver: 'docker',
    namespace: alloc.Namespace,
    nodeId: alloc.NodeID,
  };
}
