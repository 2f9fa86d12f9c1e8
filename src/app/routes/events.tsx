import { ComingNext } from '@/components/coming-next.tsx';

export function EventsRoute() {
  return (
    <>
      <title>Events · nomad-live</title>
      <ComingNext
        title="Events"
        summary="A live timeline of everything the cluster does, fed by Nomad's event stream (/v1/event/stream)."
        plans={[
          'Every job, allocation, evaluation, deployment and node event as it happens, newest first, virtualized so it keeps up with busy clusters.',
          'Filter by topic, namespace, event type and key; the filters live in the URL.',
          'Pause and resume without losing events, with a visible warning when the server’s buffer may have dropped some.',
          'Clear errors when the token may not read a topic (the * topic needs a management token).',
        ]}
      />
    </>
  );
}
