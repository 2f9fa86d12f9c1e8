import { ComingNext } from '@/components/coming-next.tsx';

export function AllocationExecRoute() {
  return (
    <>
      <title>Exec · nomad-live</title>
      <ComingNext title="Exec" summary="A terminal into a running task." plans={[]} />
    </>
  );
}
