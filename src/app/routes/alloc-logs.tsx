import { ComingNext } from '@/components/coming-next.tsx';

export function AllocationLogsRoute() {
  return (
    <>
      <title>Allocation logs · nomad-live</title>
      <ComingNext title="Allocation logs" summary="Follow a task's stdout and stderr live." plans={[]} />
    </>
  );
}
