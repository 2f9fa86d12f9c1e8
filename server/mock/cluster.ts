/**
 * The embedded mock Nomad cluster: what the server's API handler talks to in mock mode.
 * It serves `/v1/*` like a Nomad 2.0.5 agent (server, leader, region `global`) and the
 * `/__mock/*` control routes. Everything lives in one state store with a raft-like index;
 * see runtime.ts for the wiring and seed.ts for what the cluster contains.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AuthStyle } from './events/http-sink.ts';
import type { FaultConfig } from './faults/config.ts';
import type { Timers } from './events/timers.ts';
import { createRuntime } from './runtime.ts';

export interface MockClusterOptions {
  /** Default 1. The same seed (and clock) gives a byte-identical cluster. */
  seed?: number;
  /** Default false. */
  acl?: boolean;
  /** Injectable clock (ms since epoch); default Date.now. */
  now?: () => number;
  /** Operational log lines; never given token secrets. */
  log?: (line: string) => void;
  /** Event broker `event_buffer_size`, in batches; default 100 (0 also means 100). */
  eventBufferSize?: number;
  /** Event stream heartbeat interval in ms; default 30 000. */
  eventHeartbeatMs?: number;
  /** Event stream auth failures: `hijack` (Nomad 2.x: 200 then close, default) or `legacy` (≤1.11.3: 403). */
  eventAuthStyle?: AuthStyle;
  /** Run the living-cluster scenario; default false here (the server's flags default it on). */
  scenario?: boolean;
  /** Run the scenario's first steps as recent history after the seed (always with `scenario`). */
  history?: boolean;
  /** Scenario pace in steps per second, or `max` for the firehose; default 2. */
  rate?: number | 'max';
  /** Timers for the event broker and the scenario; tests pass a fake clock. */
  timers?: Timers;
  /** Base delay of simulated allocation reactions (replacement, kill, restart), ms; default 700. */
  lifecycleDelayMs?: number;
  /** How long a node metadata change takes to reach the Node object, ms; default 3000. */
  metaPropagationMs?: number;
  /** Top the seeded cluster up to this many allocations with synthetic jobs (`--allocs`); default none. */
  allocs?: number;
  /** Log records per second per running task's stdout (stderr gets a fifth); default 4. */
  logRate?: number;
  /** Records per second on every running task's stdout instead of `logRate` (benchmarks). */
  logFirehose?: number;
  /** Rotation size of alloc/logs files in bytes; default 512 KiB. */
  logRotateBytes?: number;
  /** `{}` heartbeat period of fs stream/logs, ms; default 1000 (Nomad's). */
  fsHeartbeatMs?: number;
  /** Coalescing window of fs stream/logs frames, ms; default 200 (Nomad's). */
  fsBatchMs?: number;
  /** nomad-api.md §4.3 [inferred]: cat/readat errors as HTTP 200 with the error text; default false. */
  fsErrorsAs200?: boolean;
  /** §4.1: denied cat/readat/stream/logs answer 500 `Permission denied` as a forwarding server does; default 403. */
  fsDeniedAs500?: boolean;
  /** Exec sessions after the exit frame: `drop` TCP without a close frame (default, §5.4) or send a `normal` 1000 close. */
  execExitClose?: 'drop' | 'normal';
  /** Exec as Nomad 2.0.3+ (`current`, default) or ≤2.0.2 (`legacy`: bad command/tty → HTTP 500 before the upgrade). */
  execVersion?: 'current' | 'legacy';
  /** Place the XSS corpus (server/mock/hostile) at start and after each reset; default false. */
  hostile?: boolean;
  /** Fault injection from the start (`--faults '<json>'`), as `PUT /__mock/faults` sets it. */
  faults?: FaultConfig;
}

export interface MockTokenInfo {
  name: string;
  accessorId: string;
  secretId: string;
  description: string;
}

export interface MockCluster {
  /** Serves every request whose path starts with /v1/ or /__mock/. Unknown /v1 route → 404 empty body. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Claims a WebSocket upgrade (the exec endpoint) and returns true; false for paths it does not serve. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Set when ACLs are on. */
  readonly managementToken: string | undefined;
  /** The management and restricted demo tokens (empty when ACLs are off). */
  readonly tokens: MockTokenInfo[];
  /** Releases pending blocking queries and timers. */
  close(): Promise<void>;
}

export function createMockCluster(opts: MockClusterOptions = {}): MockCluster {
  return createRuntime(opts).cluster;
}
