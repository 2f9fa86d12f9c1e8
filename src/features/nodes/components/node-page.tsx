import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { CopyButton } from '@/components/copy-button.tsx';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { LiveIndicator } from '@/components/live-indicator.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { Panel } from '@/components/panel.tsx';
import { liveStatus } from '@/lib/nomad/live-status.ts';
import type { Node } from '@/lib/nomad/types.ts';
import { nodeQueries } from '../api/node-queries.ts';
import { MetadataEditor } from './metadata-editor.tsx';
import { NodeBadges } from './node-badges.tsx';
import { NodeAttributes, NodeDrivers } from './node-facts.tsx';
import { NodeGc } from './node-gc.tsx';
import { NodeStats } from './node-stats.tsx';

interface NodePageProps {
  id: string;
  region: string | undefined;
  /** Composed by the route: the node's allocations table and its scoped timeline. */
  allocations?: ReactNode;
  timeline?: ReactNode;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 truncate">{children}</dd>
    </div>
  );
}

function Facts({ node }: { node: Node }) {
  const res = node.NodeResources;
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-4 text-sm sm:grid-cols-4">
      <Field label="Status">
        <NodeBadges node={node} />
      </Field>
      <Field label="Datacenter">{node.Datacenter}</Field>
      <Field label="Node pool">{node.NodePool}</Field>
      <Field label="Class">{node.NodeClass || '—'}</Field>
      <Field label="Address">{node.HTTPAddr}</Field>
      <Field label="Version">{node.Attributes?.['nomad.version'] ?? '—'}</Field>
      <Field label="CPU">{res ? `${res.Cpu.CpuShares} MHz, ${res.Cpu.TotalCpuCores} cores` : '—'}</Field>
      <Field label="Memory">{res ? `${res.Memory.MemoryMB} MiB` : '—'}</Field>
      <div className="col-span-full">
        <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Node ID</dt>
        <dd className="mt-0.5 flex items-center gap-1 font-mono text-[13px]">
          {node.ID} <CopyButton text={node.ID} label="Copy node ID" />
        </dd>
      </div>
    </dl>
  );
}

/** One client node: facts, host usage, allocations, drivers, attributes, metadata and events. */
export function NodePage({ id, region, allocations, timeline }: NodePageProps) {
  const query = useQuery(nodeQueries.detail({ id, region }));
  const node = query.data;
  const retry = () => void query.refetch({ cancelRefetch: true });
  return (
    <>
      <title>{`${node?.Name ?? id.slice(0, 8)} · Nodes · nomad-live`}</title>
      <PageHeader
        title={node?.Name ?? <span className="font-mono">{id.slice(0, 8)}</span>}
        description={node ? `Client node in ${node.Datacenter}` : undefined}
        actions={
          <>
            <LiveIndicator status={liveStatus(query)} onRetry={retry} />
            {node && <NodeGc id={node.ID} name={node.Name} region={region} />}
          </>
        }
      />
      {query.error && <ErrorAlert title="Could not load this node" error={query.error} onRetry={retry} />}
      {query.isPending && <p className="text-sm text-zinc-500">Loading node…</p>}
      {node && (
        <div className="space-y-5">
          <Panel title="Node">
            <Facts node={node} />
          </Panel>
          <Panel title="Host resource usage">
            <NodeStats id={node.ID} region={region} up={node.Status === 'ready'} />
          </Panel>
          {allocations}
          <Panel title="Metadata">
            <MetadataEditor nodeId={node.ID} region={region} nodeMeta={node.Meta} />
          </Panel>
          <div className="grid gap-5 lg:grid-cols-2">
            <Panel title="Drivers">
              <NodeDrivers node={node} />
            </Panel>
            <Panel title="Attributes">
              <NodeAttributes node={node} />
            </Panel>
          </div>
          {timeline}
        </div>
      )}
    </>
  );
}
