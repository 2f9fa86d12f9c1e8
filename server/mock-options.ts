/**
 * The mock cluster's options from the server configuration: one mapping, so `npm start`,
 * `npm run mock` and `npm run dev` run the same living cluster.
 */
import type { ServerConfig } from './config.ts';
import type { MockClusterOptions } from './mock/cluster.ts';

export function mockOptions(config: ServerConfig, log: (line: string) => void): MockClusterOptions {
  return {
    seed: config.seed,
    acl: config.acl,
    allocs: config.allocs,
    log,
    scenario: config.scenario,
    // The scenario's first steps run as recent history, so the buffer has events at start-up.
    history: true,
    rate: config.rate,
    eventBufferSize: config.eventBufferSize,
    eventHeartbeatMs: config.eventHeartbeatMs,
    eventAuthStyle: config.eventAuthStyle,
    logRate: config.logRate,
    ...(config.logFirehose !== undefined ? { logFirehose: config.logFirehose } : {}),
    fsErrorsAs200: config.fsErrorsAs200,
    fsDeniedAs500: config.fsDeniedAs500,
    execExitClose: config.execExitClose,
    execVersion: config.execVersion,
    hostile: config.hostile,
    ...(config.faults !== undefined ? { faults: config.faults } : {}),
  };
}
