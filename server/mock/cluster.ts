/**
 * The embedded mock Nomad cluster: what the server's API handler talks to in mock mode.
 * It serves `/v1/*` like a Nomad 2.0.5 agent (server, leader, region `global`) and the
 * `/__mock/*` control routes. Everything lives in one state store with a raft-like index;
 * see runtime.ts for the wiring and seed.ts for what the cluster contains.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
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
