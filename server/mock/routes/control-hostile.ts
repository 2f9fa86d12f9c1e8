/**
 * `POST /__mock/hostile`: places the XSS corpus (server/mock/hostile) into the cluster and
 * answers where it went, so a test can visit every page that shows it. Mock mode only.
 */
import { sendJson, type MockDeps, type RouteDef } from '../http-kit.ts';
import type { FsRegistry } from '../fs/registry.ts';
import { placeHostile } from '../hostile/place.ts';

export function controlHostileRoutes(deps: MockDeps, fsRegistry: FsRegistry): RouteDef[] {
  return [
    {
      methods: 'POST',
      pattern: '/__mock/hostile',
      description:
        'Place the XSS corpus: a node, a job, its allocation (files, logs, exec output) with hostile names, metadata and contents. Idempotent; answers where everything is.',
      handler: (ex) => {
        const placed = placeHostile(deps, fsRegistry);
        deps.log(`mock: hostile corpus placed (alloc ${placed.AllocID})`);
        sendJson(ex, placed);
      },
    },
  ];
}
