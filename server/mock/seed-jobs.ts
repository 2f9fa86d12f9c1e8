/**
 * Replays one JobPlan of the catalog: the previous version when older allocations need
 * one, the current version, then each periodic launch or dispatched child.
 */
import type { ChildPlan, JobPlan } from './catalog-kit.ts';
import type { JobSpec } from './build-job.ts';
import { writeVersion, type SeedJobsContext, type Written } from './seed-version.ts';

const MIN = 60_000;

function periodicLaunchMs(nowMs: number, daysAgo: number): number {
  const day = 86_400_000;
  let last = Math.floor(nowMs / day) * day + 2 * 3_600_000;
  if (last > nowMs) last -= day;
  return last - daysAgo * day;
}

function childSpec(ctx: SeedJobsContext, parent: JobSpec, child: ChildPlan): { spec: JobSpec; launchMs: number } {
  if (parent.periodic) {
    const launchMs = periodicLaunchMs(ctx.nowMs, child.launchedAgo);
    const { periodic: _p, ...rest } = parent;
    return {
      spec: { ...rest, id: `${parent.id}/periodic-${Math.floor(launchMs / 1000)}`, parentID: parent.id },
      launchMs,
    };
  }
  const launchMs = ctx.nowMs - child.launchedAgo * MIN;
  const id = `${parent.id}/dispatch-${Math.floor(launchMs / 1000)}-${ctx.rng.hex(8)}`;
  return {
    spec: {
      ...parent,
      id,
      parentID: parent.id,
      dispatched: true,
      meta: { ...(parent.meta ?? {}), ...(child.meta ?? {}) },
      ...(child.payload ? { payload: child.payload } : {}),
    },
    launchMs,
  };
}

export function seedJob(ctx: SeedJobsContext, plan: JobPlan): void {
  const submitMs = ctx.nowMs - plan.submittedMinAgo * MIN;
  const prevAllocs = plan.allocs.filter((a) => a.previousVersion);
  let previous: Written | undefined;
  if (prevAllocs.length > 0) {
    // The version the older allocations were placed for, registered before they started.
    const prevSubmit = submitMs + Math.min(...prevAllocs.map((a) => a.afterMin)) * MIN - 30_000;
    previous = writeVersion(
      ctx,
      plan.spec,
      {
        version: plan.version - 1,
        submitMs: prevSubmit,
        stop: false,
        allocs: [],
        plan: undefined,
        trigger: 'job-register',
      },
      undefined,
    );
  }
  writeVersion(
    ctx,
    plan.spec,
    {
      version: plan.version,
      submitMs,
      stop: plan.stop ?? false,
      allocs: plan.allocs,
      plan,
      trigger: plan.stop ? 'job-deregister' : 'job-register',
    },
    previous,
  );
  for (const child of plan.children ?? []) {
    const { spec, launchMs } = childSpec(ctx, plan.spec, child);
    writeVersion(
      ctx,
      spec,
      {
        version: 0,
        submitMs: launchMs,
        stop: false,
        allocs: child.allocs,
        plan: undefined,
        trigger: plan.spec.periodic ? 'periodic-job' : 'job-register',
      },
      undefined,
    );
  }
}
