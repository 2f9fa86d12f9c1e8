import { ComingNext } from '@/components/coming-next.tsx';

export function NodeDetailRoute() {
  return (
    <>
      <title>Node · nomad-live</title>
      <ComingNext
        title="Node"
        summary="One client node: its allocations, host resource usage and dynamic metadata."
        plans={[]}
      />
    </>
  );
}
