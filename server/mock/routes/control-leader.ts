/**
 * Leader loss, for testing how live views behave while the servers hold an election.
 *
 * `POST /__mock/leader?state=lost|elected`. While lost, the simulated server behaves as a
 * Nomad follower without a leader (nomad/rpc.go `forward` → `forwardLeader` →
 * `structs.ErrNoLeader`): every request that must reach the leader answers 500
 * `No cluster leader`, writes included; reads with `?stale` are answered from the local
 * state with `X-Nomad-KnownLeader: false`; blocking queries that were waiting end with the
 * same 500 (see `blocking` in http-kit.ts); `/v1/status/leader` answers `""`. Requests that
 * never involve the leader keep working: the agent's own endpoints, client (node)
 * endpoints — files, logs, exec, stats, metadata — and the event stream, whose open
 * connections are left alone.
 */
import type { IncomingMessage } from 'node:http';
import type { Leadership } from '../../http/blocking.ts';
import { badRequest, noClusterLeader, type HttpError } from '../../http/errors.ts';
import { sendJson, type MockDeps, type RouteDef } from '../http-kit.ts';

/** Served by the agent (or its client) itself: no leader needed. */
const NO_LEADER_NEEDED = [
  '/v1/agent/',
  '/v1/client/',
  '/v1/event/stream',
  '/v1/event/sink',
  '/v1/regions',
  '/v1/status/peers',
];
const GO_FALSE = /^(0|f|F|false|FALSE|False)$/;

export type LeaderVerdict =
  /** Handle the request normally. */
  | { kind: 'pass' }
  /** `/v1/status/leader` without a leader: 200 `""`. */
  | { kind: 'no-leader-address' }
  | { kind: 'error'; error: HttpError };

/** What a leaderless server does with a request before any handler sees it. */
export function leaderVerdict(leader: Leadership, req: IncomingMessage, url: URL): LeaderVerdict {
  if (leader.known || !url.pathname.startsWith('/v1/')) return { kind: 'pass' };
  const path = url.pathname;
  if (NO_LEADER_NEEDED.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix))) {
    return { kind: 'pass' };
  }
  const method = req.method ?? 'GET';
  const read = method === 'GET' || method === 'HEAD';
  if (read && path === '/v1/status/leader') return { kind: 'no-leader-address' };
  const stale = url.searchParams.get('stale');
  // A bad `stale` value is the handler's 400, as Nomad parses options before the RPC.
  if (read && stale !== null && !GO_FALSE.test(stale)) {
    return { kind: 'pass' };
  }
  return { kind: 'error', error: noClusterLeader() };
}

export function controlLeaderRoutes(deps: MockDeps, leader: Leadership): RouteDef[] {
  return [
    {
      methods: 'POST',
      pattern: '/__mock/leader',
      description:
        'Leader loss: ?state=lost (reads answer 500 "No cluster leader" unless ?stale, waiting blocking queries end with it, writes fail; streams stay open) or ?state=elected. Answers {"Leader", "Refused"}.',
      handler: (ex) => {
        const state = ex.url.searchParams.get('state');
        if (state === 'lost') leader.lose();
        else if (state === 'elected') leader.elect();
        else throw badRequest('state must be lost or elected');
        deps.log(`mock: leader ${state}`);
        sendJson(ex, { Leader: state, Refused: leader.refused });
      },
    },
    {
      methods: 'GET',
      pattern: '/__mock/leader',
      description:
        'Whether the mock has a leader, and how many requests were answered "No cluster leader" so far: {"Leader": "lost"|"elected", "Refused": n}.',
      handler: (ex) => sendJson(ex, { Leader: leader.known ? 'elected' : 'lost', Refused: leader.refused }),
    },
  ];
}
