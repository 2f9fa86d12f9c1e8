/**
 * The mock cluster's state store: Nomad's memdb + raft in miniature.
 *
 * Every change goes through `commit(type, mutate)`, which takes the next raft index, lets
 * `mutate` upsert/delete rows, bumps the index of each table it touched and then tells
 * subscribers. The commit record names the raft operation (`JobRegistered`, `PlanResult`,
 * … as in nomad-api.md §1.5) and carries every upserted or deleted row, which is all an
 * event broker needs to produce Nomad's events. Rows are treated as immutable: a change
 * replaces the row with a new object.
 */
import { compareBytewise } from '../http/json.ts';
import type { ChangeFeed } from '../http/blocking.ts';
import type { ServiceRegistrationWire } from './events/service-registration.ts';
import type {
  ACLPolicyWire,
  ACLRoleWire,
  ACLTokenRecord,
  AllocationWire,
  DeploymentWire,
  EvaluationWire,
  JobSummaryWire,
  JobWire,
  NamespaceWire,
  NodeRecord,
} from './wire.ts';

export interface Tables {
  namespaces: NamespaceWire;
  nodes: NodeRecord;
  jobs: JobWire;
  /** Every version of every job, keyed by `jobVersionKey`; allocations point at these. */
  job_version: JobWire;
  job_summary: JobSummaryWire;
  allocs: AllocationWire;
  evals: EvaluationWire;
  deployment: DeploymentWire;
  acl_token: ACLTokenRecord;
  acl_policy: ACLPolicyWire;
  acl_role: ACLRoleWire;
  /** Nomad-native service registrations, keyed by registration ID. */
  service_registrations: ServiceRegistrationWire;
}

export type TableName = keyof Tables;

export const TABLES: readonly TableName[] = [
  'namespaces',
  'nodes',
  'jobs',
  'job_version',
  'job_summary',
  'allocs',
  'evals',
  'deployment',
  'acl_token',
  'acl_policy',
  'acl_role',
  'service_registrations',
];

/**
 * The raft message type of a commit. The first group are the event Types of §1.5 (an event
 * broker stamps them on every event of the batch); the last group are raft operations that
 * produce no events in Nomad (namespace writes) or exist only in the mock (reset).
 */
export type RaftType =
  | 'NodeRegistration'
  | 'NodeDeregistration'
  | 'NodeStreamEvent'
  | 'NodeEligibility'
  | 'NodeDrain'
  | 'EvaluationUpdated'
  | 'AllocationUpdated'
  | 'AllocationUpdateDesiredStatus'
  | 'PlanResult'
  | 'JobRegistered'
  | 'JobDeregistered'
  | 'JobBatchDeregistered'
  | 'DeploymentStatusUpdate'
  | 'DeploymentPromotion'
  | 'DeploymentAllocHealth'
  | 'ACLTokenUpserted'
  | 'ACLTokenDeleted'
  | 'ACLPolicyUpserted'
  | 'ACLPolicyDeleted'
  | 'ACLRoleUpserted'
  | 'ACLRoleDeleted'
  | 'ServiceRegistration'
  | 'ServiceDeregistration'
  | 'NamespaceUpserted'
  | 'MockReset';

export type Change = {
  [K in TableName]: { table: K; op: 'upsert' | 'delete'; key: string; value: Tables[K] };
}[TableName];

export interface Commit {
  index: number;
  type: RaftType;
  /** In the order they were made; a deleted row is given as it was just before deletion. */
  changes: readonly Change[];
  tables: ReadonlySet<TableName>;
}

export interface Txn {
  /** The raft index of this commit: use it for CreateIndex/ModifyIndex. */
  readonly index: number;
  get<K extends TableName>(table: K, key: string): Tables[K] | undefined;
  list<K extends TableName>(table: K): Tables[K][];
  put<K extends TableName>(table: K, key: string, value: Tables[K]): void;
  delete<K extends TableName>(table: K, key: string): void;
}

/** Key of a namespaced row; sorts by namespace, then ID, like memdb's compound indexes. */
export function nsKey(namespace: string, id: string): string {
  return `${namespace}\u0000${id}`;
}

export function jobVersionKey(namespace: string, id: string, version: number): string {
  return `${namespace}\u0000${id}\u0000${String(version).padStart(10, '0')}`;
}

type Rows = { [K in TableName]: Map<string, Tables[K]> };

export class StateStore implements ChangeFeed {
  private rows: Rows = emptyRows();
  private readonly tableIndexes = new Map<TableName, number>();
  private latest = 0;
  private readonly listeners = new Set<(commit: Commit) => void>();
  private held: Commit[] | undefined;

  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {}

  /** The last raft index applied. */
  get index(): number {
    return this.latest;
  }

  /** The index of the last commit that touched `table` (0 if never). */
  tableIndex(table: TableName): number {
    return this.tableIndexes.get(table) ?? 0;
  }

  get<K extends TableName>(table: K, key: string): Tables[K] | undefined {
    return this.rows[table].get(key);
  }

  /** The keys of a table, in no particular order. */
  keys(table: TableName): string[] {
    return [...this.rows[table].keys()];
  }

  /** Rows sorted by key (byte-wise), like a memdb iteration over the primary index. */
  list<K extends TableName>(table: K): Tables[K][] {
    const map = this.rows[table];
    return [...map.keys()].sort(compareBytewise).map((k) => map.get(k)!);
  }

  commit(type: RaftType, mutate: (txn: Txn) => void): Commit {
    const index = this.latest + 1;
    const changes: Change[] = [];
    const staged = new Map<string, { table: TableName; key: string; value: unknown; op: 'upsert' | 'delete' }>();
    const stagedKey = (table: TableName, key: string): string => `${table}\u0001${key}`;
    const rows = this.rows;
    const txn: Txn = {
      index,
      get(table, key) {
        const s = staged.get(stagedKey(table, key));
        if (s) return s.op === 'delete' ? undefined : (s.value as Tables[typeof table]);
        return rows[table].get(key);
      },
      list(table) {
        const keys = new Set(rows[table].keys());
        for (const s of staged.values()) if (s.table === table) keys.add(s.key);
        return [...keys]
          .sort(compareBytewise)
          .map((k) => txn.get(table, k))
          .filter((v): v is NonNullable<typeof v> => v !== undefined);
      },
      put(table, key, value) {
        staged.set(stagedKey(table, key), { table, key, value, op: 'upsert' });
        changes.push({ table, op: 'upsert', key, value } as Change);
      },
      delete(table, key) {
        const before = txn.get(table, key);
        if (before === undefined) return;
        staged.set(stagedKey(table, key), { table, key, value: before, op: 'delete' });
        changes.push({ table, op: 'delete', key, value: before } as Change);
      },
    };
    mutate(txn);
    // Apply only after `mutate` returns, so a throwing mutation leaves the store untouched.
    const tables = new Set<TableName>();
    for (const s of staged.values()) {
      const map = this.rows[s.table] as Map<string, unknown>;
      if (s.op === 'delete') map.delete(s.key);
      else map.set(s.key, s.value);
      tables.add(s.table);
    }
    this.latest = index;
    for (const t of tables) this.tableIndexes.set(t, index);
    const commit: Commit = { index, type, changes, tables };
    if (this.held) this.held.push(commit);
    else this.notify(commit);
    return commit;
  }

  /**
   * Runs `fn`, holding back notifications of the commits it makes until it returns, so
   * that a multi-commit operation (a reset followed by the seed) is never observed half
   * done: woken blocking queries re-run against the final state.
   */
  holdNotifications<T>(fn: () => T): T {
    if (this.held) return fn();
    this.held = [];
    try {
      return fn();
    } finally {
      const commits = this.held;
      this.held = undefined;
      commits.forEach((c) => this.notify(c));
    }
  }

  private notify(commit: Commit): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(commit);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  /** How many subscribers (watching blocking queries included) are registered. */
  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Every commit, in order, as it is applied. Returns the unsubscribe function. */
  subscribe(listener: (commit: Commit) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** ChangeFeed for blocking queries: wakes `listener` after commits touching `tables`. */
  watch(tables: readonly string[], listener: () => void): () => void {
    const wanted = new Set(tables);
    return this.subscribe((commit) => {
      for (const t of commit.tables) {
        if (wanted.has(t)) return listener();
      }
    });
  }
}

function emptyRows(): Rows {
  const rows = {} as Record<TableName, Map<string, unknown>>;
  for (const t of TABLES) rows[t] = new Map();
  return rows as Rows;
}
