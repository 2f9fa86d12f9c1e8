import { useQuery } from '@tanstack/react-query';
import { NomadError } from '@/lib/nomad/nomad-error.ts';
import { clusterQueries, versionString } from '../api/cluster-queries.ts';

/**
 * Which Nomad this is and whether it has a leader. Quiet by design: failures show in the
 * tooltip, because the panels that need the agent report their own errors.
 */
export function AgentIndicator({ region }: { region: string | undefined }) {
  const agent = useQuery(clusterQueries.agentSelf());
  const leader = useQuery(clusterQueries.leader(region));

  const config = agent.data?.config;
  const version = versionString(config?.Version);
  const agentTitle = agent.error
    ? `Agent details unavailable: ${agent.error.message}`
    : config
      ? [
          `Agent ${config.NodeName || agent.data?.member.Name || ''}`.trim(),
          `region ${config.Region}, datacenter ${config.Datacenter}`,
          `ACLs ${config.ACL.Enabled ? 'enabled' : 'disabled'}`,
        ].join('\n')
      : 'Loading agent details…';

  let leaderText: string;
  let leaderDot: string;
  let leaderTitle: string;
  if (leader.data) {
    leaderText = `leader ${leader.data}`;
    leaderDot = 'bg-emerald-500';
    leaderTitle = `Raft leader of ${region ? `region ${region}` : "the agent's region"}: ${leader.data}`;
  } else if (leader.isPending) {
    leaderText = 'leader …';
    leaderDot = 'bg-zinc-400';
    leaderTitle = 'Asking for the leader…';
  } else if (leader.error instanceof NomadError && leader.error.status === 502) {
    // Our server answers 502 when it cannot reach the agent it proxies: that is not a lost election.
    leaderText = 'Nomad unreachable';
    leaderDot = 'bg-red-500';
    leaderTitle = leader.error.message;
  } else {
    leaderText = 'no leader';
    leaderDot = 'bg-red-500';
    leaderTitle = leader.error ? leader.error.message : 'The servers report no elected leader.';
  }

  return (
    <div className="flex items-center gap-3 text-xs text-zinc-600 dark:text-zinc-400">
      <span title={agentTitle} className="whitespace-nowrap">
        Nomad{' '}
        <span className="font-mono text-zinc-800 dark:text-zinc-200">{version ?? (agent.isPending ? '…' : '—')}</span>
      </span>
      <span title={leaderTitle} className="inline-flex items-center gap-1.5 whitespace-nowrap">
        <span aria-hidden="true" className={`inline-block size-2 rounded-full ${leaderDot}`} />
        <span className={leader.data ? 'font-mono' : 'font-medium text-red-700 dark:text-red-400'}>{leaderText}</span>
      </span>
    </div>
  );
}
