import { PageHeader } from '@/components/page-header.tsx';
import { Panel } from '@/components/panel.tsx';
import { TokenForm } from './token-form.tsx';
import { TokenIdentity } from './token-identity.tsx';

export function SettingsPage() {
  return (
    <>
      <title>Settings · nomad-live</title>
      <PageHeader title="Settings" description="The ACL token this dashboard uses to talk to Nomad." />
      <div className="grid max-w-5xl gap-5 lg:grid-cols-2">
        <Panel title="ACL token">
          <TokenForm />
        </Panel>
        <Panel title="Current identity">
          <TokenIdentity />
        </Panel>
      </div>
    </>
  );
}
