import { ComingNext } from '@/components/coming-next.tsx';

export function SinksRoute() {
  return (
    <>
      <title>Sinks · nomad-live</title>
      <ComingNext
        title="Sinks"
        summary="Event sinks: forward the cluster’s events to a webhook, managed by the nomad-live server."
        plans={[
          'Create, edit and delete webhook sinks with the topics they subscribe to.',
          'See each sink’s delivery progress (last delivered index) and recent failures.',
          'Works against the mock and real clusters alike: Nomad itself no longer ships sinks, so our server delivers them.',
        ]}
      />
    </>
  );
}
