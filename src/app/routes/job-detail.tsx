import { useParams } from 'react-router';
import { JobDetailPage } from '@/features/jobs/components/job-detail-page.tsx';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';

export function JobDetailRoute() {
  const { namespace = 'default', id = '' } = useParams();
  const scope = useScope();
  return (
    <JobDetailPage
      // A different job is a different page: no state carried over.
      key={`${namespace}/${id}`}
      namespace={namespace}
      id={id}
      region={scope.region}
      jobsHref={paths.jobs.getHref({ namespace, region: scope.region })}
    />
  );
}
