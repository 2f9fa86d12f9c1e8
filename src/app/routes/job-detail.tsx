import { useMemo } from 'react';
import { useParams } from 'react-router';
import { AllocationsSection } from '@/features/allocations/components/allocations-section.tsx';
import { ScopedTimeline } from '@/features/events/components/scoped-timeline.tsx';
import { scopedTopics } from '@/features/events/lib/event-links.ts';
import { JobDetailPage } from '@/features/jobs/components/job-detail-page.tsx';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';
import { useEventLinks } from './use-event-links.ts';

export function JobDetailRoute() {
  const { namespace = 'default', id = '' } = useParams();
  const scope = useScope();
  const links = useEventLinks();
  const topics = useMemo(() => scopedTopics.job(id), [id]);
  return (
    // A different job is a different page: no state carried over.
    <div key={`${namespace}/${id}`} className="space-y-8">
      <JobDetailPage
        namespace={namespace}
        id={id}
        region={scope.region}
        jobsHref={paths.jobs.getHref({ namespace, region: scope.region })}
        allocations={
          <AllocationsSection
            source={{ kind: 'job', namespace, jobId: id }}
            region={scope.region}
            allocHref={(a) => paths.allocation.getHref(a, { region: scope.region })}
            jobHref={(job) => paths.job.getHref(job, { region: scope.region })}
            nodeHref={(n) => paths.node.getHref(n, { region: scope.region })}
          />
        }
      />
      <ScopedTimeline topics={topics} namespace={namespace} region={scope.region} title="Job events" links={links} />
    </div>
  );
}
