/** Routes for client allocation actions, stats and node metadata (issue 4). Registered in runtime.ts. */
import type { MockDeps, RouteDef } from '../http-kit.ts';

export function clientRoutes(_deps: MockDeps): RouteDef[] {
  return [];
}
