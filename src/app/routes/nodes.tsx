import { ComingNext } from '@/components/coming-next.tsx';

export function NodesRoute() {
  return (
    <>
      <title>Nodes · nomad-live</title>
      <ComingNext
        title="Nodes"
        summary="The client nodes of the cluster, their health, resources and metadata."
        plans={[
          'A live node list with status, eligibility, drain state, datacenter, node pool and version.',
          'Node detail with drivers, attributes, host resource usage and recent node events.',
          'Dynamic node metadata: add, edit and unset keys (needs node:write).',
        ]}
      />
    </>
  );
}
