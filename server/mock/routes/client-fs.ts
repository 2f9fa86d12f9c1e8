/** Routes for allocation filesystem and logs (issue 5). Registered in runtime.ts. */
import type { MockDeps, RouteDef } from '../http-kit.ts';

export function clientFsRoutes(_deps: MockDeps): RouteDef[] {
  return [];
}
