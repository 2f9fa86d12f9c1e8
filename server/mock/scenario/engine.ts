/**
 * The living cluster: a deterministic scenario engine that drives the state store through
 * the same commits the API and a real scheduler would make. Each step advances one story
 * (stories.ts) by one commit; which story starts when is decided by a PRNG forked from the
 * cluster seed and by the scenario's own state only, never by the wall clock, so the same
 * seed gives the same sequence of writes at any pace. `rate` sets the pace in steps per
 * second; `max` runs as many steps as fit (the firehose for benchmarks).
 */
import { createRng, type Rng } from '../prng.ts';
import type { StateStore } from '../store.ts';
import { realTimers, type Timers } from '../events/timers.ts';
import {
  aclChurn,
  canaryUpdate,
  collectGarbage,
  emitJobStory,
  finishBatch,
  newBatchStory,
  newServiceStory,
  nodeChatter,
  nodeLifecycle,
  restartTask,
  stopAndReplace,
  stopJob,
  type Story,
} from './stories.ts';
import { emptyState, type ScenarioContext, type ScenarioState, type Workload } from './workloads.ts';

export const DEFAULT_RATE = 2;
/** Stories in flight at once: enough interleaving to look like a cluster, few enough to follow. */
const MAX_ACTIVE = 4;
const MAX_LIVE_JOBS = 6;
/** Steps a finished job stays before core GC purges it. */
const GC_AFTER_STEPS = 60;
/** Firehose: a tick every FIREHOSE_TICK_MS runs steps for at most FIREHOSE_BUDGET_MS. */
const FIREHOSE_TICK_MS = 5;
const FIREHOSE_BUDGET_MS = 4;
/** Above this many steps per second, steps are run in groups every FAST_TICK_MS. */
const FAST_RATE = 50;
const FAST_TICK_MS = 20;
/** Every this many steps, one of the edge nodes reports something. */
const NODE_CHATTER_EVERY = 12;

/** Runs the `max` pace instead of the CPU budget below (events/firehose.ts); returns a stop function. */
export interface Firehose {
  run(step: () => boolean): () => void;
}

export interface ScenarioOptions {
  store: StateStore;
  seed: number;
  now: () => number;
  acl: boolean;
  rate?: number | 'max';
  timers?: Timers;
  log?: (line: string) => void;
  /** At `max`: publish as fast as the event streams' readers take it, no faster. */
  firehose?: Firehose;
}

export interface ScenarioSnapshot {
  Active: number;
  Index: number;
  Jobs: { ID: string; Namespace: string; Type: string; Done: boolean }[];
  Nodes: string[];
  Paused: boolean;
  Rate: number | 'max';
  Running: boolean;
  Steps: number;
}

export class ScenarioEngine {
  private rng!: Rng;
  private state: ScenarioState = emptyState();
  private active: Story[] = [];
  private cursor = 0;
  private steps = 0;
  private seqN = 0;
  private cancelLoop: (() => void) | undefined;
  private paused = false;
  readonly rate: number | 'max';
  private readonly timers: Timers;
  private readonly ctx: ScenarioContext;

  constructor(private readonly opts: ScenarioOptions) {
    this.rate = opts.rate ?? DEFAULT_RATE;
    this.timers = opts.timers ?? realTimers;
    this.restartRng();
    // Getters, so stories always see the current PRNG (reset replaces it) and step count.
    const rng = (): Rng => this.rng;
    const step = (): number => this.steps;
    this.ctx = {
      store: opts.store,
      get rng() {
        return rng();
      },
      now: opts.now,
      acl: opts.acl,
      get step() {
        return step();
      },
      seq: () => ++this.seqN,
    };
  }

  private restartRng(): void {
    this.rng = createRng(this.opts.seed).fork('scenario');
  }

  /** Starts the paced loop (no-op if already running). */
  start(): void {
    if (this.cancelLoop) return;
    this.paused = false;
    if (this.rate === 'max' && this.opts.firehose) {
      this.cancelLoop = this.opts.firehose.run(() => this.step());
    } else if (this.rate === 'max') {
      this.cancelLoop = this.timers.every(FIREHOSE_TICK_MS, () => {
        const until = performance.now() + FIREHOSE_BUDGET_MS;
        do this.step();
        while (performance.now() < until);
      });
    } else if (this.rate <= FAST_RATE) {
      this.cancelLoop = this.timers.every(Math.round(1000 / this.rate), () => this.step());
    } else {
      // Fast rates: several steps per tick, carrying the fraction over.
      const perTick = (this.rate * FAST_TICK_MS) / 1000;
      let owed = 0;
      this.cancelLoop = this.timers.every(FAST_TICK_MS, () => {
        owed += perTick;
        for (; owed >= 1; owed--) this.step();
      });
    }
  }

  /** Stops the loop; `resume` (or `start`) continues from the same state. */
  pause(): void {
    this.cancelLoop?.();
    this.cancelLoop = undefined;
    this.paused = true;
  }

  resume(): void {
    this.start();
  }

  stop(): void {
    this.cancelLoop?.();
    this.cancelLoop = undefined;
  }

  get running(): boolean {
    return this.cancelLoop !== undefined;
  }

  /** Forgets everything (the store was reset under it) and replays from the seed's start. */
  reset(): void {
    this.restartRng();
    this.state = emptyState();
    this.active = [];
    this.cursor = 0;
    this.steps = 0;
    this.seqN = 0;
  }

  /** Runs steps until the store index reaches `index` (the seed's history); returns the steps taken. */
  warmUp(index: number, maxSteps = 2000): number {
    let n = 0;
    while (this.opts.store.index < index && n < maxSteps) {
      this.step();
      n++;
    }
    return n;
  }

  /** Runs `count` steps now, paused or not; returns how many made a commit. */
  runSteps(count: number): number {
    let made = 0;
    for (let i = 0; i < count; i++) if (this.step()) made++;
    return made;
  }

  /** One step: advance one story by one commit (starting a new story when it is time). */
  step(): boolean {
    const store = this.opts.store;
    this.steps++;
    const before = store.index;
    // Nodes speak up on a steady cadence, so a Node-only timeline is never empty for long.
    if (this.steps % NODE_CHATTER_EVERY === 0) {
      const chatter = nodeChatter(this.ctx, this.state);
      for (let r = chatter.next(); !r.done; r = chatter.next());
      if (store.index !== before) return true;
    }
    for (let attempt = 0; attempt < 4 && store.index === before; attempt++) {
      if (this.active.length === 0 || (this.active.length < MAX_ACTIVE && this.rng.next() < 0.3)) {
        const story = this.pickStory();
        if (story) this.active.push(story);
      }
      if (this.active.length === 0) continue;
      this.cursor %= this.active.length;
      const result = this.active[this.cursor]!.next();
      if (result.done) this.active.splice(this.cursor, 1);
      else this.cursor++;
    }
    return store.index !== before;
  }

  /** Registers job `id` and runs its whole rollout now (the emit control route). */
  emitJob(id: string, namespace: string, type: 'service' | 'batch'): void {
    const story = emitJobStory(this.ctx, this.state, id, namespace, type);
    for (let r = story.next(); !r.done; r = story.next());
  }

  private guarded(w: Workload, inner: Story): Story {
    // Claimed at pick time, so no other story picks the same job before this one starts.
    w.busy = true;
    return (function* () {
      try {
        yield* inner;
      } finally {
        w.busy = false;
      }
    })();
  }

  private pickStory(): Story | undefined {
    const { ctx, state, rng } = this;
    const idle = state.workloads.filter((w) => !w.busy && w.doneAtStep === undefined);
    const services = idle.filter((w) => w.type === 'service');
    const batches = idle.filter((w) => w.type === 'batch');
    const liveJobs = state.workloads.filter((w) => w.doneAtStep === undefined).length;
    const collectable = state.workloads.filter(
      (w) => !w.busy && w.doneAtStep !== undefined && this.steps - w.doneAtStep >= GC_AFTER_STEPS,
    );
    const options: [number, () => Story][] = [];
    if (liveJobs < MAX_LIVE_JOBS) {
      options.push([3, () => newServiceStory(ctx, state)], [2, () => newBatchStory(ctx, state)]);
    }
    if (batches.length > 0) options.push([3, () => this.onWorkload(batches, (w) => finishBatch(ctx, w))]);
    if (services.length > 0) {
      options.push(
        [2, () => this.onWorkload(services, (w) => canaryUpdate(ctx, w))],
        [2, () => this.onWorkload(services, (w) => restartTask(ctx, w))],
        [1, () => this.onWorkload(services, (w) => stopAndReplace(ctx, w))],
      );
      if (liveJobs >= MAX_LIVE_JOBS || services.length > 2) {
        options.push([liveJobs >= MAX_LIVE_JOBS ? 3 : 0.5, () => this.onWorkload(services, (w) => stopJob(ctx, w))]);
      }
    }
    if (collectable.length > 0) options.push([3, () => collectGarbage(ctx, state, rng.pick(collectable))]);
    options.push([1.5, () => nodeLifecycle(ctx, state)]);
    if (state.nodes.some((n) => !n.busy)) options.push([2.5, () => nodeChatter(ctx, state)]);
    if (this.opts.acl) options.push([0.7, () => aclChurn(ctx, state)]);
    const total = options.reduce((sum, [w]) => sum + w, 0);
    let r = rng.next() * total;
    for (const [weight, make] of options) {
      r -= weight;
      if (r < 0) return make();
    }
    return options[options.length - 1]?.[1]();
  }

  private onWorkload(candidates: Workload[], make: (w: Workload) => Story): Story {
    const w = this.rng.pick(candidates);
    return this.guarded(w, make(w));
  }

  snapshot(): ScenarioSnapshot {
    return {
      Active: this.active.length,
      Index: this.opts.store.index,
      Jobs: this.state.workloads.map((w) => ({
        ID: w.id,
        Namespace: w.namespace,
        Type: w.type,
        Done: w.doneAtStep !== undefined,
      })),
      Nodes: this.state.nodes.map((n) => n.name),
      Paused: this.paused,
      Rate: this.rate,
      Running: this.running,
      Steps: this.steps,
    };
  }
}
