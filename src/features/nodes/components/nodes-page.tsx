import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { LiveIndicator } from '@/components/live-indicator.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { Panel } from '@/components/panel.tsx';
import { linkClass } from '@/components/styles.ts';
import { blockingQueryOptions, LOOP_GAP_MS, loopInterval } from '@/lib/nomad/blocking-query.ts';
import { liveStatus } from '@/lib/nomad/live-status.ts';
import type { AllocListStub } from '@/lib/nomad/types.ts';
import { nodeQueries } from '../api/node-queries.ts';
import { NodeBadges } from './node-badges.tsx';

interface NodesPageProps {
  region: string | undefined;
  nodeHref: (id: string) => string;
}

const COUNTS_GAP_MS = 5_000;
const th = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-zinc-600 uppercase dark:text-zinc-400';
const td = 'px-3 py-2.5 align-baseline';

/** Running and pending allocations per node, from the cluster-wide list (what the token may read). */
function useAllocCounts(region: string | undefined): Map<string, number> | undefined {
  const options = blockingQueryOptions<AllocListStub[]>({
    key: ['allocations', 'list'],
    path: '/v1/allocations',
    namespace: '*',
    region,
    query: { task_states: 'false' },
  });
  const query = useQuery({
    ...options,
    // Counts need not be instant, and the whole list is big on a large cluster.
    refetchInterval: (q) => {
      const next = loopInterval(q);
      return next === LOOP_GAP_MS ? COUNTS_GAP_MS : next;
    },
    structuralSharing: false,
  });
  return useMemo(() => {
    if (!query.data) return undefined;
    const counts = new Map<string, number>();
    for (const a of query.data) {
      if (a.ClientStatus === 'running' || a.ClientStatus === 'pending')
        counts.set(a.NodeID, (counts.get(a.NodeID) ?? 0) + 1);
    }
    return counts;
  }, [query.data]);
}

/** Every client node, live. */
export function NodesPage({ region, nodeHref }: NodesPageProps) {
  const query = useQuery(nodeQueries.list({ region }));
  const counts = useAllocCounts(region);
  const nodes = useMemo(() => [...(query.data ?? [])].sort((a, b) => a.Name.localeCompare(b.Name)), [query.data]);
  const retry = () => void query.refetch({ cancelRefetch: true });
  return (
    <>
      <title>Nodes · nomad-live</title>
      <PageHeader
        title="Nodes"
        description="The client nodes of the cluster, kept current with blocking queries."
        actions={<LiveIndicator status={liveStatus(query)} onRetry={retry} />}
      />
      <Panel title="Client nodes">
        {query.error && <ErrorAlert title="Could not load nodes" error={query.error} onRetry={retry} />}
        {query.isPending && <p className="py-6 text-center text-sm text-zinc-500">Loading nodes…</p>}
        {query.data && nodes.length === 0 && <p className="py-6 text-center text-sm text-zinc-600">No client nodes.</p>}
        {nodes.length > 0 && (
          <div className="-mx-4 overflow-x-auto">
            <table className="w-full min-w-[52rem] border-collapse text-sm">
              <caption className="sr-only">Client nodes</caption>
              <thead className="border-b border-zinc-200 dark:border-zinc-800">
                <tr>
                  {['Name', 'Status', 'Address', 'Datacenter', 'Node pool', 'Class', 'Version', 'Allocations'].map(
                    (h, i) => (
                      <th
                        key={h}
                        scope="col"
                        className={`${th} ${i === 0 ? 'pl-4' : ''} ${h === 'Allocations' ? 'pr-4 text-right' : ''}`}
                      >
                        {h}
                      </th>
                    ),
                  )}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {nodes.map((n) => (
                  <tr key={n.ID} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                    <td className={`${td} pl-4`}>
                      <Link to={nodeHref(n.ID)} className={linkClass}>
                        {n.Name}
                      </Link>
                      <div className="font-mono text-xs text-zinc-500">{n.ID.slice(0, 8)}</div>
                    </td>
                    <td className={td}>
                      <NodeBadges node={n} />
                    </td>
                    <td className={`${td} font-mono text-xs`}>{n.Address}</td>
                    <td className={td}>{n.Datacenter}</td>
                    <td className={td}>{n.NodePool}</td>
                    <td className={td}>{n.NodeClass || '—'}</td>
                    <td className={td}>{n.Version}</td>
                    <td
                      className={`${td} pr-4 text-right tabular-nums`}
                      title="Running and pending allocations you may read"
                    >
                      {counts ? (counts.get(n.ID) ?? 0) : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </>
  );
}
