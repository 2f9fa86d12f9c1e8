/**
 * Write helpers that keep derived state consistent inside a commit, as Nomad's state store
 * does on every upsert: a job write also stores the version and (re)creates its summary;
 * alloc and eval writes update the job's summary and status (and a parent's children
 * counters), bumping the job's ModifyIndex when its status changes.
 */
import { jobVersionKey, nsKey, type Txn } from './store.ts';
import { computeSummary, deriveJobStatus } from './views.ts';
import type { AllocationWire, EvaluationWire, JobWire } from './wire.ts';

/**
 * Stores the job (and the version). `keepStatus` stores the given Status as is instead of
 * deriving it from allocations, for control routes that set it explicitly.
 */
export function putJob(txn: Txn, job: JobWire, opts: { keepStatus?: boolean } = {}): void {
  txn.put('jobs', nsKey(job.Namespace, job.ID), job);
  txn.put('job_version', jobVersionKey(job.Namespace, job.ID, job.Version), job);
  refreshJob(txn, job.Namespace, job.ID, opts.keepStatus ?? false);
}

/** Stores a job version that is not the current one (allocations of older versions point at it). */
export function putJobVersion(txn: Txn, job: JobWire): void {
  txn.put('job_version', jobVersionKey(job.Namespace, job.ID, job.Version), job);
}

export function putAllocs(txn: Txn, allocs: readonly AllocationWire[]): void {
  const jobs = new Map<string, [string, string]>();
  for (const alloc of allocs) {
    txn.put('allocs', alloc.ID, alloc);
    jobs.set(nsKey(alloc.Namespace, alloc.JobID), [alloc.Namespace, alloc.JobID]);
  }
  for (const [ns, id] of jobs.values()) refreshJob(txn, ns, id);
}

export function putEvals(txn: Txn, evals: readonly EvaluationWire[]): void {
  const jobs = new Map<string, [string, string]>();
  for (const ev of evals) {
    txn.put('evals', ev.ID, ev);
    jobs.set(nsKey(ev.Namespace, ev.JobID), [ev.Namespace, ev.JobID]);
  }
  for (const [ns, id] of jobs.values()) refreshJob(txn, ns, id);
}

export function allocsOfJob(txn: Pick<Txn, 'list'>, namespace: string, jobId: string): AllocationWire[] {
  return txn.list('allocs').filter((a) => a.Namespace === namespace && a.JobID === jobId);
}

export function evalsOfJob(txn: Pick<Txn, 'list'>, namespace: string, jobId: string): EvaluationWire[] {
  return txn.list('evals').filter((e) => e.Namespace === namespace && e.JobID === jobId);
}

export function childrenOf(txn: Pick<Txn, 'list'>, namespace: string, jobId: string): JobWire[] {
  return txn.list('jobs').filter((j) => j.Namespace === namespace && j.ParentID === jobId);
}

function withoutModifyIndex<T extends { ModifyIndex: number }>(row: T | undefined): string {
  return JSON.stringify(row ? { ...row, ModifyIndex: 0 } : null);
}

/** Recomputes a job's status and summary from its allocations, evaluations and children. */
export function refreshJob(txn: Txn, namespace: string, jobId: string, keepStatus = false): void {
  const key = nsKey(namespace, jobId);
  const job = txn.get('jobs', key);
  if (!job) return;
  const allocs = allocsOfJob(txn, namespace, jobId);
  const status = keepStatus ? job.Status : deriveJobStatus(job, allocs, evalsOfJob(txn, namespace, jobId));
  if (status !== job.Status) {
    const updated = { ...job, Status: status, ModifyIndex: txn.index };
    txn.put('jobs', key, updated);
    txn.put('job_version', jobVersionKey(namespace, jobId, job.Version), updated);
  }
  const previous = txn.get('job_summary', key);
  const summary = computeSummary(job, allocs, childrenOf(txn, namespace, jobId), previous, txn.index);
  // Only a real change is a write (and bumps the job_summary table index).
  if (withoutModifyIndex(summary) !== withoutModifyIndex(previous)) txn.put('job_summary', key, summary);
  if (job.ParentID !== '') refreshJob(txn, namespace, job.ParentID);
}

/** Sets the `Queued` counters of a job's summary, as a scheduling pass reports them. */
export function setQueued(txn: Txn, namespace: string, jobId: string, queued: Record<string, number>): void {
  const key = nsKey(namespace, jobId);
  const summary = txn.get('job_summary', key);
  if (!summary) return;
  const groups = { ...summary.Summary };
  for (const [group, count] of Object.entries(queued)) {
    const current = groups[group];
    if (current) groups[group] = { ...current, Queued: count };
  }
  txn.put('job_summary', key, { ...summary, Summary: groups, ModifyIndex: txn.index });
}
