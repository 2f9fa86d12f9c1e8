/**
 * Agent and status endpoints of the single mock server agent (nomad-api.md §8): it is a
 * server, the leader, in region `global`, datacenter `dc1`, running Nomad 2.0.5.
 */
import { ENDPOINT_REQUIREMENTS } from '../acl/capabilities.ts';
import { NOMAD_REVISION, NOMAD_VERSION } from '../build-node.ts';
import { query, sendJson, type MockDeps, type RouteDef } from '../http-kit.ts';

const SERVER_NAME = 'nomad-server-01';
const SERVER_IP = '10.0.0.10';
const SECOND = 1_000_000_000;

function member(serverId: string) {
  return {
    Addr: SERVER_IP,
    DelegateCur: 4,
    DelegateMax: 5,
    DelegateMin: 2,
    Name: `${SERVER_NAME}.global`,
    Port: 4648,
    ProtocolCur: 2,
    ProtocolMax: 5,
    ProtocolMin: 1,
    Status: 'alive',
    Tags: {
      bootstrap: '1',
      build: NOMAD_VERSION,
      dc: 'dc1',
      expect: '1',
      id: serverId,
      mvn: '1',
      port: '4647',
      raft_vsn: '3',
      region: 'global',
      revision: NOMAD_REVISION,
      role: 'nomad',
      rpc_addr: SERVER_IP,
      vsn: '1',
    },
  };
}

function agentSelf(deps: MockDeps, serverId: string) {
  const index = String(deps.store.index);
  return {
    config: {
      ACL: {
        Enabled: deps.aclEnabled,
        PolicyTTL: 30 * SECOND,
        ReplicationToken: '',
        RoleTTL: 30 * SECOND,
        TokenMaxExpirationTTL: 0,
        TokenMinExpirationTTL: 0,
        TokenTTL: 30 * SECOND,
      },
      Addresses: { HTTP: '0.0.0.0', RPC: '0.0.0.0', Serf: '0.0.0.0' },
      AdvertiseAddrs: { HTTP: `${SERVER_IP}:4646`, RPC: `${SERVER_IP}:4647`, Serf: `${SERVER_IP}:4648` },
      BindAddr: '0.0.0.0',
      Client: { Enabled: false },
      DataDir: '/opt/nomad/data',
      Datacenter: 'dc1',
      DisableUpdateCheck: true,
      EnableDebug: false,
      LogLevel: 'INFO',
      NodeName: SERVER_NAME,
      Ports: { HTTP: 4646, RPC: 4647, Serf: 4648 },
      Region: 'global',
      Server: { BootstrapExpect: 1, Enabled: true, EnableEventBroker: true, EventBufferSize: 100, NumSchedulers: 2 },
      UI: {
        Consul: { BaseUIURL: '' },
        Enabled: true,
        Label: null,
        Vault: { BaseUIURL: '' },
      },
      Version: { Revision: NOMAD_REVISION, Version: NOMAD_VERSION, VersionMetadata: '', VersionPrerelease: '' },
    },
    member: member(serverId),
    stats: {
      nomad: {
        bootstrap: 'false',
        known_regions: '1',
        leader: 'true',
        leader_addr: `${SERVER_IP}:4647`,
        server: 'true',
      },
      raft: {
        applied_index: index,
        commit_index: index,
        last_log_index: index,
        num_peers: '0',
        protocol_version: '3',
        state: 'Leader',
      },
      runtime: {
        arch: 'amd64',
        cpu_count: '4',
        goroutines: '412',
        kernel_name: 'linux',
        max_procs: '4',
        version: 'go1.24.6',
      },
    },
  };
}

export function agentRoutes(deps: MockDeps): RouteDef[] {
  const serverId = deps.rng.fork('agent').uuid();
  return [
    {
      methods: 'GET',
      pattern: '/v1/agent/self',
      handler: (ex) => {
        deps.auth.require(ex.req, ENDPOINT_REQUIREMENTS['GET /v1/agent/self']);
        sendJson(ex, agentSelf(deps, serverId));
      },
    },
    {
      methods: 'GET',
      pattern: '/v1/agent/members',
      handler: (ex) => {
        query(ex);
        deps.auth.require(ex.req, ENDPOINT_REQUIREMENTS['GET /v1/agent/members']);
        sendJson(ex, {
          Members: [member(serverId)],
          ServerDC: 'dc1',
          ServerName: `${SERVER_NAME}.global`,
          ServerRegion: 'global',
        });
      },
    },
    { methods: 'GET', pattern: '/v1/regions', handler: (ex) => sendJson(ex, ['global']) },
    { methods: 'GET', pattern: '/v1/status/leader', handler: (ex) => sendJson(ex, `${SERVER_IP}:4647`) },
    { methods: 'GET', pattern: '/v1/status/peers', handler: (ex) => sendJson(ex, [`${SERVER_IP}:4647`]) },
  ];
}
