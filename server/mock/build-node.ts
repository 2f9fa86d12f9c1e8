/**
 * Client nodes and namespaces in Nomad's wire shape.
 */
import { createHash } from 'node:crypto';
import type { NodeStatus, SchedulingEligibility } from '../../src/lib/nomad/types.ts';
import { rfc3339Nano } from '../http/go-time.ts';
import type { NamespaceWire, NodeRecord } from './wire.ts';

export const NOMAD_VERSION = '2.0.5';
export const NOMAD_REVISION = '5c8612bba6eb8e44cc3fc434125cb1b13463c309';

/** Nomad hashes objects with blake2b-256; any stable 32-byte digest serves the mock. */
export function hash32(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('base64');
}

export interface NodeSpec {
  id: string;
  name: string;
  datacenter: string;
  ip: string;
  nodeClass: string;
  status: NodeStatus;
  eligibility: SchedulingEligibility;
  cores: number;
  mhzPerCore: number;
  memoryMB: number;
  diskMB: number;
  drivers: string[];
  meta: Record<string, string>;
  instanceId: string;
  registeredMs: number;
  statusChangedMs: number;
  createIndex: number;
  modifyIndex: number;
}

function driverInfo(name: string, atMs: number, healthy: boolean) {
  const attributes: Record<string, Record<string, string>> = {
    docker: {
      'driver.docker': 'true',
      'driver.docker.version': '27.3.1',
      'driver.docker.runtimes': 'io.containerd.runc.v2,runc',
    },
    exec: { 'driver.exec': 'true' },
    raw_exec: { 'driver.raw_exec': 'true' },
    java: {
      'driver.java': 'true',
      'driver.java.version': '21.0.5',
      'driver.java.runtime': 'OpenJDK Runtime Environment',
    },
  };
  return {
    Attributes: attributes[name] ?? null,
    Detected: true,
    HealthDescription: healthy ? 'Healthy' : 'Driver is unavailable',
    Healthy: healthy,
    UpdateTime: rfc3339Nano(atMs),
  };
}

export function buildNode(spec: NodeSpec): NodeRecord {
  const alive = spec.status === 'ready';
  const totalCompute = spec.cores * spec.mhzPerCore;
  const drivers: NodeRecord['Drivers'] = {};
  for (const d of spec.drivers) drivers[d] = driverInfo(d, spec.registeredMs, alive);
  const driverAttrs: Record<string, string> = {};
  for (const d of spec.drivers) Object.assign(driverAttrs, drivers[d]!.Attributes);
  const events: NonNullable<NodeRecord['Events']> = [
    {
      CreateIndex: spec.createIndex,
      Details: null,
      Message: 'Node registered',
      Subsystem: 'Cluster',
      Timestamp: rfc3339Nano(spec.registeredMs),
    },
  ];
  if (spec.eligibility === 'ineligible') {
    events.push({
      CreateIndex: spec.modifyIndex,
      Details: null,
      Message: 'Node marked as ineligible for scheduling',
      Subsystem: 'Cluster',
      Timestamp: rfc3339Nano(spec.statusChangedMs),
    });
  }
  if (spec.status === 'down') {
    events.push({
      CreateIndex: spec.modifyIndex,
      Details: null,
      Message: 'Node heartbeat missed',
      Subsystem: 'Cluster',
      Timestamp: rfc3339Nano(spec.statusChangedMs),
    });
  }
  return {
    Attributes: {
      'cpu.arch': 'amd64',
      'cpu.frequency': String(spec.mhzPerCore),
      'cpu.modelname': 'Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz',
      'cpu.numcores': String(spec.cores),
      'cpu.reservablecores': String(spec.cores),
      'cpu.totalcompute': String(totalCompute),
      'cpu.usablecompute': String(totalCompute),
      'kernel.arch': 'x86_64',
      'kernel.name': 'linux',
      'kernel.version': '6.1.0-28-cloud-amd64',
      'memory.totalbytes': String(spec.memoryMB * 1024 * 1024),
      'nomad.advertise.address': `${spec.ip}:4646`,
      'nomad.bridge.hairpin_mode': 'false',
      'nomad.revision': NOMAD_REVISION,
      'nomad.service_discovery': 'true',
      'nomad.version': NOMAD_VERSION,
      'os.name': 'debian',
      'os.signals':
        'SIGABRT,SIGALRM,SIGBUS,SIGCHLD,SIGCONT,SIGHUP,SIGINT,SIGKILL,SIGPIPE,SIGQUIT,SIGTERM,SIGUSR1,SIGUSR2',
      'os.version': '12.8',
      'platform.aws.instance-type': spec.cores >= 8 ? 'm6i.2xlarge' : 'm6i.xlarge',
      'platform.aws.placement.availability-zone': spec.datacenter === 'dc1' ? 'eu-west-1a' : 'eu-west-1b',
      'unique.hostname': spec.name,
      'unique.network.ip-address': spec.ip,
      'unique.platform.aws.instance-id': spec.instanceId,
      'unique.storage.bytesfree': String(Math.round(spec.diskMB * 0.62) * 1024 * 1024),
      'unique.storage.bytestotal': String(spec.diskMB * 1024 * 1024),
      'unique.storage.volume': '/dev/nvme0n1p1',
      ...driverAttrs,
    },
    CSIControllerPlugins: null,
    CSINodePlugins: null,
    // Nomad's computed class is "v1:" plus a uint64 hash of the class-defining fields.
    ComputedClass: `v1:${BigInt(`0x${createHash('sha256').update(`${spec.nodeClass}/${spec.datacenter}`).digest('hex').slice(0, 16)}`)}`,
    CreateIndex: spec.createIndex,
    Datacenter: spec.datacenter,
    DrainStrategy: null,
    Drivers: drivers,
    Events: events,
    HTTPAddr: `${spec.ip}:4646`,
    HostNetworks: null,
    HostVolumes: null,
    ID: spec.id,
    LastDrain: null,
    Links: { aws_ec2: `${spec.datacenter === 'dc1' ? 'eu-west-1a' : 'eu-west-1b'}.${spec.instanceId}` },
    Meta: spec.meta,
    ModifyIndex: spec.modifyIndex,
    Name: spec.name,
    NodeClass: spec.nodeClass,
    NodePool: 'default',
    NodeResources: {
      Cpu: { CpuShares: totalCompute, ReservableCpuCores: [...Array(spec.cores).keys()], TotalCpuCores: spec.cores },
      Devices: null,
      Disk: { DiskMB: spec.diskMB },
      MaxDynamicPort: 32000,
      Memory: { MemoryMB: spec.memoryMB },
      MinDynamicPort: 20000,
      Networks: [{ CIDR: `${spec.ip}/32`, Device: 'ens5', IP: spec.ip, MBits: 10000, Mode: 'host' }],
      NodeNetworks: null,
    },
    ReservedResources: {
      Cpu: { CpuShares: 200, ReservedCpuCores: null },
      Disk: { DiskMB: 1024 },
      Memory: { MemoryMB: 512 },
      Networks: { ReservedHostPorts: '' },
    },
    SchedulingEligibility: spec.eligibility,
    Status: spec.status,
    StatusDescription: '',
    StatusUpdatedAt: Math.floor(spec.statusChangedMs / 1000),
    TLSEnabled: false,
  };
}

export function buildNamespace(
  name: string,
  description: string,
  meta: Record<string, string> | null,
  index: number,
): NamespaceWire {
  return {
    Capabilities: null,
    ConsulConfiguration: null,
    CreateIndex: index,
    Description: description,
    Hash: hash32(name, description, JSON.stringify(meta)),
    Meta: meta,
    ModifyIndex: index,
    Name: name,
    NodePoolConfiguration: null,
    Quota: '',
    VaultConfiguration: null,
  };
}
