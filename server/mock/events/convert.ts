/**
 * Turns a state-store commit into event batches, as nomad/state/events.go does for a
 * memdb transaction: one event per changed object of an evented table, typed by the raft
 * operation, payloads trimmed as Nomad trims them (nomad-api.md §1.5).
 *
 * Changes are collapsed per object first (go-memdb's Txn.Changes keeps one change per
 * object, at the position of its last write), so a row written twice in one commit is one
 * event. Deletions of evaluations, allocations and deployments produce nothing, like GC in
 * Nomad. Some FSM handlers apply one raft entry in two transactions — the object first,
 * then its evaluations — so those commits become two batches with the same index.
 */
import type { NomadEvent } from '../../../src/lib/nomad/types.ts';
import { aclTokenJson } from '../acl/tokens.ts';
import type { Change, Commit, RaftType } from '../store.ts';
import { nodeView } from '../views.ts';
import type { JobWire } from '../wire.ts';
import { snappyEncodeLiteral } from './snappy.ts';
import type { BrokerEvent, EventBatchRecord } from './types.ts';

/** Raft operations that write nothing Nomad would publish. */
const SILENT: ReadonlySet<RaftType> = new Set(['NamespaceUpserted', 'MockReset']);

/**
 * fsm.go applies these as "object transaction, then `upsertEvals` at the same index":
 * applyUpsertJob, applyDeregisterJob and applyAllocClientUpdate.
 */
const EVALS_IN_SECOND_TXN: ReadonlySet<RaftType> = new Set(['JobRegistered', 'JobDeregistered', 'AllocationUpdated']);

/** The state store keeps the decompressed payload (what GET returns); the event carries the stored, compressed form. */
function jobPayload(job: JobWire): JobWire {
  if (job.Payload === null || job.Payload === '') return job;
  const compressed = snappyEncodeLiteral(Buffer.from(job.Payload, 'base64'));
  return { ...job, Payload: compressed.toString('base64') };
}

function event(
  topic: string,
  key: string,
  namespace: string,
  filterKeys: string[] | null,
  payload: Record<string, unknown>,
): NomadEvent {
  // Type and Index are stamped per batch.
  return { FilterKeys: filterKeys, Index: 0, Key: key, Namespace: namespace, Payload: payload, Topic: topic, Type: '' };
}

function fromChange(change: Change): BrokerEvent | undefined {
  const deleted = change.op === 'delete';
  switch (change.table) {
    case 'jobs': {
      const job = jobPayload(change.value);
      const payload: Record<string, unknown> = deleted ? { Deleted: true, Job: job } : { Job: job };
      return { wire: event('Job', job.ID, job.Namespace, null, payload) };
    }
    case 'evals': {
      if (deleted) return undefined;
      const ev = change.value;
      return { wire: event('Evaluation', ev.ID, ev.Namespace, [ev.JobID, ev.DeploymentID], { Evaluation: ev }) };
    }
    case 'allocs': {
      if (deleted) return undefined;
      const a = change.value;
      // events.go copies the alloc and drops the job to keep events small; SignedIdentities
      // are never part of the mock's rows.
      const allocation = { ...a, Job: null };
      return { wire: event('Allocation', a.ID, a.Namespace, [a.JobID, a.DeploymentID], { Allocation: allocation }) };
    }
    case 'deployment': {
      if (deleted) return undefined;
      const d = change.value;
      return { wire: event('Deployment', d.ID, d.Namespace, [d.JobID], { Deployment: d }) };
    }
    case 'nodes': {
      const node = nodeView(change.value);
      return { wire: event('Node', node.ID, '', null, { Node: node }) };
    }
    case 'acl_token': {
      const token = change.value;
      return {
        wire: event('ACLToken', token.AccessorID, '', null, { ACLToken: aclTokenJson(token, false) }),
        secret: token.SecretID,
      };
    }
    case 'acl_policy': {
      const policy = change.value;
      return { wire: event('ACLPolicy', policy.Name, '', null, { ACLPolicy: policy }) };
    }
    case 'acl_role': {
      const role = change.value;
      return { wire: event('ACLRole', role.ID, '', [role.Name], { ACLRole: role }) };
    }
    case 'service_registrations': {
      const service = change.value;
      return {
        wire: event('Service', service.ID, service.Namespace, [service.JobID, service.ServiceName], {
          Service: service,
        }),
      };
    }
    case 'namespaces':
    case 'job_version':
    case 'job_summary':
      return undefined;
  }
}

/** go-memdb's change collapsing: one change per object, at the position of its last write. */
export function collapseChanges(changes: readonly Change[]): Change[] {
  const last = new Map<string, number>();
  changes.forEach((c, i) => last.set(`${c.table}\u0001${c.key}`, i));
  if (last.size === changes.length) return [...changes];
  return changes.filter((c, i) => last.get(`${c.table}\u0001${c.key}`) === i);
}

/** The batches a commit publishes, in order (zero, one or two; the same index for all). */
export function batchesFromCommit(commit: Commit): EventBatchRecord[] {
  if (SILENT.has(commit.type)) return [];
  const first: BrokerEvent[] = [];
  const second: BrokerEvent[] = [];
  const split = EVALS_IN_SECOND_TXN.has(commit.type);
  for (const change of collapseChanges(commit.changes)) {
    const ev = fromChange(change);
    if (!ev) continue;
    ev.wire.Index = commit.index;
    ev.wire.Type = commit.type;
    (split && change.table === 'evals' ? second : first).push(ev);
  }
  return [first, second]
    .filter((events) => events.length > 0)
    .map((events) => ({ index: commit.index, type: commit.type, events }));
}
