/**
 * The client-side simulation shared by the allocation and client routes: allocation
 * lifecycle actions and dynamic node metadata, with one set of timers the runtime's close
 * cancels.
 */
import type { Timers } from '../events/timers.ts';
import type { MockDeps } from '../http-kit.ts';
import { NodeMetadata } from '../metadata/node-meta.ts';
import { AllocLifecycle } from './lifecycle.ts';

export interface ClientServicesOptions {
  /** Base delay of simulated reactions (scheduling, kills, restarts), ms; default 700. */
  lifecycleDelayMs?: number;
  /** How long a metadata change takes to reach the servers' Node object, ms; default 3000. */
  metaPropagationMs?: number;
  timers?: Timers;
}

export interface ClientServices {
  lifecycle: AllocLifecycle;
  metadata: NodeMetadata;
}

export function createClientServices(deps: MockDeps, opts: ClientServicesOptions = {}): ClientServices {
  const lifecycle = new AllocLifecycle(deps, {
    ...(opts.lifecycleDelayMs !== undefined ? { delayMs: opts.lifecycleDelayMs } : {}),
    ...(opts.timers ? { timers: opts.timers } : {}),
  });
  const metadata = new NodeMetadata(deps, lifecycle.timers, opts.metaPropagationMs ?? 3000);
  return { lifecycle, metadata };
}
