import { useParams } from 'react-router';
import { AllocationPage } from '@/features/allocations/components/allocation-page.tsx';
import { ScopedTimeline } from '@/features/events/components/scoped-timeline.tsx';
import { scopedTopics } from '@/features/events/lib/event-links.ts';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';
import { useEventLinks } from './use-event-links.ts';

export function AllocationDetailRoute() {
  const { id = '' } = useParams();
  const { region } = useScope();
  const links = useEventLinks();
  const scope = { region };
  return (
    <AllocationPage
      // A different allocation is a different page: no dialog or chart state carried over.
      key={id}
      id={id}
      region={region}
      allocHref={(a) => paths.allocation.getHref(a, scope)}
      jobHref={(job) => paths.job.getHref(job, scope)}
      nodeHref={(n) => paths.node.getHref(n, scope)}
      filesHref={(a) => paths.allocationFiles.getHref(a, '', scope)}
      logsHref={(a, task) => paths.allocationLogs.getHref(a, task, scope)}
      execHref={(a, task) => paths.allocationExec.getHref(a, task, scope)}
      renderTimeline={(alloc) => (
        <ScopedTimeline
          topics={scopedTopics.allocation(alloc.ID)}
          namespace={alloc.Namespace}
          region={region}
          title="Allocation events"
          links={links}
        />
      )}
    />
  );
}
