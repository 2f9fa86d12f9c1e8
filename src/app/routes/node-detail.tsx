import { useParams } from 'react-router';
import { AllocationsSection } from '@/features/allocations/components/allocations-section.tsx';
import { ScopedTimeline } from '@/features/events/components/scoped-timeline.tsx';
import { scopedTopics } from '@/features/events/lib/event-links.ts';
import { NodePage } from '@/features/nodes/components/node-page.tsx';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';
import { useEventLinks } from './use-event-links.ts';

export function NodeDetailRoute() {
  const { id = '' } = useParams();
  const { region } = useScope();
  const links = useEventLinks();
  const scope = { region };
  return (
    <NodePage
      // A different node is a different page: no editor or chart state carried over.
      key={id}
      id={id}
      region={region}
      allocations={
        <AllocationsSection
          title="Allocations on this node"
          source={{ kind: 'node', nodeId: id }}
          region={region}
          allocHref={(a) => paths.allocation.getHref(a, scope)}
          jobHref={(job) => paths.job.getHref(job, scope)}
          nodeHref={(n) => paths.node.getHref(n, scope)}
        />
      }
      timeline={
        <ScopedTimeline
          topics={scopedTopics.node(id)}
          namespace="default"
          region={region}
          title="Node events"
          links={links}
        />
      }
    />
  );
}
