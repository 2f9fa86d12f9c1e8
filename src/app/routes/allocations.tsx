import { AllocationsPage } from '@/features/allocations/components/allocations-page.tsx';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';

export function AllocationsRoute() {
  const scope = useScope();
  return (
    <AllocationsPage
      namespace={scope.namespace}
      region={scope.region}
      allocHref={(id) => paths.allocation.getHref(id, { region: scope.region })}
      jobHref={(job) => paths.job.getHref(job, scope)}
      nodeHref={(id) => paths.node.getHref(id, { region: scope.region })}
    />
  );
}
