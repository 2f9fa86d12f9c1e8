/** Routes for the event stream (issue 3). Registered in runtime.ts. */
import type { MockDeps, RouteDef } from '../http-kit.ts';

export function eventRoutes(_deps: MockDeps): RouteDef[] {
  return [];
}
