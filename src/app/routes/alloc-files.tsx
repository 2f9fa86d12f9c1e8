import { ComingNext } from '@/components/coming-next.tsx';

export function AllocationFilesRoute() {
  return (
    <>
      <title>Allocation files · nomad-live</title>
      <ComingNext
        title="Allocation files"
        summary="Browse the allocation directory and read files of any size."
        plans={[]}
      />
    </>
  );
}
