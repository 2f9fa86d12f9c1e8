import { ComingNext } from '@/components/coming-next.tsx';

export function AllocationDetailRoute() {
  return (
    <>
      <title>Allocation · nomad-live</title>
      <ComingNext
        title="Allocation"
        summary="One allocation: its tasks, their states and events, resource usage, and lifecycle actions."
        plans={[]}
      />
    </>
  );
}
