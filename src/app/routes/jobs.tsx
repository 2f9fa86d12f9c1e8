import { JobsPage } from '@/features/jobs/components/jobs-page.tsx';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';

export function JobsRoute() {
  const scope = useScope();
  return (
    <JobsPage
      namespace={scope.namespace}
      region={scope.region}
      jobHref={(job) => paths.job.getHref(job, { namespace: scope.namespace, region: scope.region })}
    />
  );
}
