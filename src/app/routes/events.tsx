import { EventsPage } from '@/features/events/components/events-page.tsx';
import { useScope } from '../scope.ts';
import { useEventLinks } from './use-event-links.ts';

export function EventsRoute() {
  const scope = useScope();
  const links = useEventLinks();
  return (
    <>
      <title>Events · nomad-live</title>
      <EventsPage namespace={scope.namespace} region={scope.region} links={links} />
    </>
  );
}
