/**
 * Wires the mock cluster together: state store + seed, authenticator, router with the
 * Nomad routes and the control routes, and the request dispatcher that turns thrown
 * errors into Nomad's error responses. Tests use the runtime to reach the store.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, INVALID_METHOD, toStatusAndMessage } from '../http/errors.ts';
import { writeError, writeJson, writeNotFoundEmpty } from '../http/respond.ts';
import { wantsPretty } from '../http/json.ts';
import { decodePath, Router, type Params } from '../http/router.ts';
import { Authenticator } from './acl/auth.ts';
import type { MockCluster, MockClusterOptions, MockTokenInfo } from './cluster.ts';
import type { Exchange, MockDeps, MockHandler } from './http-kit.ts';
import { EventBroker } from './events/broker.ts';
import { createRng, type Rng } from './prng.ts';
import { aclRoutes } from './routes/acl.ts';
import { agentRoutes } from './routes/agent.ts';
import { allocationRoutes } from './routes/allocations.ts';
import { clientRoutes } from './routes/client.ts';
import { clientFsRoutes } from './routes/client-fs.ts';
import { controlFsRoutes } from './routes/control-fs.ts';
import { FsRegistry } from './fs/registry.ts';
import { realTimers } from './events/timers.ts';
import { EventFirehose } from './events/firehose.ts';
import { controlRoutes, type ControlApi } from './routes/control.ts';
import { controlEventRoutes } from './routes/control-events.ts';
import { controlFaultRoutes } from './routes/control-faults.ts';
import { FaultEngine } from './faults/engine.ts';
import { controlHostileRoutes } from './routes/control-hostile.ts';
import { placeHostile } from './hostile/place.ts';
import { controlExecRoutes } from './routes/control-exec.ts';
import { controlLeaderRoutes, leaderVerdict } from './routes/control-leader.ts';
import { Leadership } from '../http/blocking.ts';
import { createExecEndpoint } from './exec/endpoint.ts';
import { eventRoutes } from './routes/events.ts';
import { seedBulkAllocations } from './lifecycle/bulk-allocs.ts';
import { createClientServices } from './lifecycle/services.ts';
import { jobRoutes } from './routes/jobs.ts';
import { namespaceRoutes } from './routes/namespaces.ts';
import { nodeRoutes } from './routes/nodes.ts';
import { ScenarioEngine } from './scenario/engine.ts';
import { seedCluster } from './seed.ts';
import { StateStore, TABLES } from './store.ts';

export interface MockRuntime {
  cluster: MockCluster;
  store: StateStore;
  deps: MockDeps;
  control: ControlApi;
  broker: EventBroker;
  scenario: ScenarioEngine;
  /** Allocation filesystems and log writers (issue 5). */
  fs: FsRegistry;
  /** Fault injection and simulated restarts (issue 9). */
  faults: FaultEngine;
}

/** The seed's history runs until the index passes this, so `?index=100` lands inside it. */
const HISTORY_INDEX = 130;

/** An Rng whose underlying stream can be restarted (on reset) without re-wiring users. */
function restartableRng(make: () => Rng): { rng: Rng; restart(): void } {
  let inner = make();
  return {
    rng: {
      next: () => inner.next(),
      int: (min, max) => inner.int(min, max),
      pick: (items) => inner.pick(items),
      hex: (n) => inner.hex(n),
      uuid: () => inner.uuid(),
      fork: (label) => inner.fork(label),
    },
    restart: () => {
      inner = make();
    },
  };
}

function requestUrl(req: IncomingMessage): URL | undefined {
  const raw = req.url ?? '/';
  try {
    return raw.startsWith('/') ? new URL(`http://mock${raw}`) : new URL(raw);
  } catch {
    return undefined;
  }
}

export function createRuntime(opts: MockClusterOptions = {}): MockRuntime {
  const seed = opts.seed ?? 1;
  const aclEnabled = opts.acl ?? false;
  const now = opts.now ?? Date.now;
  const log = opts.log ?? (() => {});
  const store = new StateStore((err) => log(`mock: commit listener failed: ${String(err)}`));
  const authenticator = new Authenticator(store, aclEnabled, now);
  // Created before the seed so the seed's batches are in the buffer, as on a fresh agent.
  const broker = new EventBroker({
    store,
    auth: authenticator,
    now,
    log,
    ...(opts.eventBufferSize !== undefined ? { bufferSize: opts.eventBufferSize } : {}),
    ...(opts.eventHeartbeatMs !== undefined ? { heartbeatMs: opts.eventHeartbeatMs } : {}),
    ...(opts.eventAuthStyle !== undefined ? { authStyle: opts.eventAuthStyle } : {}),
    ...(opts.timers !== undefined ? { timers: opts.timers } : {}),
  });
  let tokens: MockTokenInfo[] = seedCluster(store, { seed, acl: aclEnabled, nowMs: now() }).tokens;
  // `--allocs N`: top the seed up to N allocations for trying the UI at scale.
  const seedBulk = () => seedBulkAllocations(store, { total: opts.allocs ?? 0, seed, nowMs: now() });
  seedBulk();
  const scenario = new ScenarioEngine({
    store,
    seed,
    now,
    acl: aclEnabled,
    log,
    ...(opts.rate !== undefined ? { rate: opts.rate } : {}),
    ...(opts.timers !== undefined ? { timers: opts.timers } : {}),
    // `--firehose`: paced by the event streams' readers (benchmarks), not by a CPU budget.
    ...(opts.rate === 'max' ? { firehose: new EventFirehose(store, broker) } : {}),
  });
  // Recent activity on top of the seed, deterministic per seed (the scenario's first steps).
  if (opts.scenario || opts.history) scenario.warmUp(HISTORY_INDEX);
  if (opts.scenario) scenario.start();
  const closing = new AbortController();
  const leadership = new Leadership(now);
  const runtimeRng = restartableRng(() => createRng(seed).fork('runtime'));
  const deps: MockDeps = {
    store,
    auth: authenticator,
    aclEnabled,
    now,
    rng: runtimeRng.rng,
    closing: closing.signal,
    log,
    leader: leadership,
  };

  const control: ControlApi = {
    reset() {
      // One observable step: readers woken by these commits see the reseeded state.
      store.holdNotifications(() => {
        store.commit('MockReset', (txn) => {
          for (const table of TABLES) for (const key of store.keys(table)) txn.delete(table, key);
        });
        tokens = seedCluster(store, { seed, acl: aclEnabled, nowMs: now() }).tokens;
        seedBulk();
      });
      // The scenario's jobs and nodes are gone with the reset: it starts its story again.
      scenario.reset();
      fsRegistry.clear();
      runtimeRng.restart();
      if (opts.hostile) placeHostile(deps, fsRegistry);
      return store.index;
    },
    tokens: () => tokens,
  };

  const fsRegistry = new FsRegistry(
    {
      seed,
      now,
      timers: opts.timers ?? realTimers,
      ...(opts.logRate !== undefined ? { rate: opts.logRate } : {}),
      ...(opts.logFirehose !== undefined ? { firehose: opts.logFirehose } : {}),
      ...(opts.logRotateBytes !== undefined ? { rotateBytes: opts.logRotateBytes } : {}),
    },
    (id) => store.get('allocs', id),
  );

  const clientServices = createClientServices(deps, {
    ...(opts.lifecycleDelayMs !== undefined ? { lifecycleDelayMs: opts.lifecycleDelayMs } : {}),
    ...(opts.metaPropagationMs !== undefined ? { metaPropagationMs: opts.metaPropagationMs } : {}),
    ...(opts.timers !== undefined ? { timers: opts.timers } : {}),
  });

  const exec = createExecEndpoint(deps, {
    fs: fsRegistry,
    timers: opts.timers ?? realTimers,
    ...(opts.execExitClose !== undefined ? { exitClose: opts.execExitClose } : {}),
    ...(opts.execVersion !== undefined ? { version: opts.execVersion } : {}),
  });

  // `--hostile`: the XSS corpus is part of the cluster from the start (and after a reset).
  if (opts.hostile) placeHostile(deps, fsRegistry);

  const faults = new FaultEngine(opts.faults);
  const router = new Router<MockHandler>();
  const routes = [
    ...agentRoutes(deps),
    ...namespaceRoutes(deps),
    ...jobRoutes(deps),
    ...nodeRoutes(deps),
    ...allocationRoutes(deps, clientServices.lifecycle),
    ...clientRoutes(deps, clientServices),
    ...clientFsRoutes(deps, {
      registry: fsRegistry,
      timers: opts.timers ?? realTimers,
      ...(opts.fsHeartbeatMs !== undefined ? { heartbeatMs: opts.fsHeartbeatMs } : {}),
      ...(opts.fsBatchMs !== undefined ? { batchMs: opts.fsBatchMs } : {}),
      ...(opts.fsErrorsAs200 !== undefined ? { inferredErrors200: opts.fsErrorsAs200 } : {}),
      ...(opts.fsDeniedAs500 !== undefined ? { deniedAs500: opts.fsDeniedAs500 } : {}),
    }),
    ...controlFsRoutes(deps, fsRegistry),
    ...exec.routes,
    ...eventRoutes(deps, broker),
    ...aclRoutes(deps),
    ...controlRoutes(deps, control),
    ...controlEventRoutes(deps, broker, scenario),
    ...controlFaultRoutes(deps, faults, broker),
    ...controlHostileRoutes(deps, fsRegistry),
    ...controlExecRoutes(deps, exec),
    ...controlLeaderRoutes(deps, leadership),
  ];
  for (const r of routes) router.add(r.methods, r.pattern, r.handler);

  const inflight = new Set<Promise<void>>();

  async function run(handler: MockHandler, ex: Exchange): Promise<void> {
    try {
      await handler(ex);
    } catch (err) {
      const { status, message } = toStatusAndMessage(err);
      if (!(err instanceof HttpError)) log(`mock: ${ex.req.method} ${ex.url.pathname} failed (${status}): ${message}`);
      if (ex.res.headersSent) {
        ex.res.destroy();
      } else if (status === 404 && message === '') {
        writeNotFoundEmpty(ex.res);
      } else {
        writeError(ex.res, status, message);
      }
    }
  }

  function dispatch(req: IncomingMessage, res: ServerResponse, url: URL, handler: MockHandler, params: Params): void {
    // `/__mock/leader` lost: what a follower without a leader answers (control-leader.ts).
    const verdict = leaderVerdict(leadership, req, url);
    if (verdict.kind === 'no-leader-address') return writeJson(res, '', wantsPretty(url));
    if (verdict.kind === 'error') {
      leadership.refused++;
      return writeError(res, verdict.error.status, verdict.error.message);
    }
    const pending = run(handler, { req, res, url, params });
    inflight.add(pending);
    void pending.finally(() => inflight.delete(pending));
  }

  const cluster: MockCluster = {
    handle(req: IncomingMessage, res: ServerResponse): void {
      const url = requestUrl(req);
      if (!url) return writeNotFoundEmpty(res);
      const match = router.match(req.method ?? 'GET', decodePath(url.pathname));
      if (match.kind === 'not-found') return writeNotFoundEmpty(res);
      if (match.kind === 'method-not-allowed') return writeError(res, 405, INVALID_METHOD);
      // The fault layer may delay, refuse or rewrite the connection before the route runs.
      faults.handle(req, res, url, () => dispatch(req, res, url, match.handler, match.params));
    },
    upgrade(req, socket, head) {
      return faults.upgrade(socket, requestUrl(req), () => exec.upgrade(req, socket, head));
    },
    get managementToken() {
      return aclEnabled ? tokens.find((t) => t.name === 'Management Token')?.secretId : undefined;
    },
    get tokens() {
      return tokens;
    },
    async close() {
      closing.abort();
      exec.close();
      scenario.stop();
      broker.close();
      fsRegistry.close();
      await Promise.allSettled([...inflight]);
    },
  };
  return { cluster, store, deps, control, broker, scenario, fs: fsRegistry, faults };
}
