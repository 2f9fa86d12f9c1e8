/**
 * Control routes for fault injection (mock mode only, no token): `/__mock/faults` sets,
 * shows and clears the fault configuration, `/__mock/restart` simulates an agent restart
 * (state and raft index kept, event buffer lost, every /v1 connection cut, new ones
 * refused for a while). Contract: /work/briefs/r3/faults-contract.md.
 */
import { badRequest } from '../../http/errors.ts';
import type { EventBroker } from '../events/broker.ts';
import { faultConfigJson, FaultConfigError, parseFaultConfig } from '../faults/config.ts';
import type { FaultEngine } from '../faults/engine.ts';
import { readJsonBody, sendJson, type Exchange, type MockDeps, type RouteDef } from '../http-kit.ts';

export const DEFAULT_DOWNTIME_MS = 1500;
const MAX_DOWNTIME_MS = 600_000;

export function controlFaultRoutes(deps: MockDeps, faults: FaultEngine, broker: EventBroker): RouteDef[] {
  const answer = (ex: Exchange) =>
    sendJson(ex, {
      Config: faults.config ? faultConfigJson(faults.config) : null,
      Counters: { ...faults.counters },
    });

  return [
    {
      methods: ['GET', 'PUT', 'DELETE'],
      pattern: '/__mock/faults',
      description:
        'Fault injection for /v1: PUT {"seed","paths","latency","errors","drop","stall","drip","split","garble"} replaces the config, DELETE clears it (counters kept), GET shows {Config, Counters}.',
      handler: async (ex) => {
        if (ex.req.method === 'PUT') {
          const body = await readJsonBody(ex.req);
          try {
            faults.configure(parseFaultConfig(body ?? {}));
          } catch (err) {
            if (err instanceof FaultConfigError) throw badRequest(err.message);
            throw err;
          }
          deps.log(`mock: faults set ${JSON.stringify(faultConfigJson(faults.config!))}`);
        } else if (ex.req.method === 'DELETE') {
          faults.configure(undefined);
          deps.log('mock: faults cleared');
        }
        answer(ex);
      },
    },
    {
      methods: 'POST',
      pattern: '/__mock/restart',
      description: `Simulate an agent restart: cut every /v1 connection, refuse new ones for ?downtime=<ms> (default ${DEFAULT_DOWNTIME_MS}), keep the state and raft index, empty the event buffer. Answers {Index, DowntimeMs}.`,
      handler: (ex) => {
        const raw = ex.url.searchParams.get('downtime') ?? String(DEFAULT_DOWNTIME_MS);
        if (!/^\d+$/.test(raw) || Number(raw) > MAX_DOWNTIME_MS) {
          throw badRequest(`downtime must be a whole number of milliseconds from 0 to ${MAX_DOWNTIME_MS}`);
        }
        const downtime = Number(raw);
        const streams = broker.restart();
        const { closed } = faults.restart(downtime, ex.req.socket);
        deps.log(`mock: restart (${closed} connections and ${streams} event streams cut, down for ${downtime} ms)`);
        sendJson(ex, { DowntimeMs: downtime, Index: deps.store.index });
      },
    },
  ];
}
