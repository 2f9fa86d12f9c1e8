import { ComingNext } from '@/components/coming-next.tsx';

export function AllocationsRoute() {
  return (
    <>
      <title>Allocations · nomad-live</title>
      <ComingNext
        title="Allocations"
        summary="Every allocation in the cluster, live, with its tasks, files, logs and a terminal."
        plans={[
          'A live, filterable table of allocations across jobs and nodes (by job, node, task group and client status).',
          'Allocation detail with task states and recent task events.',
          'A file browser for the allocation directory and log tailing that follows stdout and stderr.',
          'An exec terminal into a running task.',
        ]}
      />
    </>
  );
}
