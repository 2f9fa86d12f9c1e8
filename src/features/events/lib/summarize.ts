/**
 * One readable line per event ("web-frontend.web[2] running on node-3"), built from the
 * payload. Payloads come from the cluster and their shapes vary by Nomad version, so every
 * read is defensive: a missing or odd member degrades to the generic `Topic Type Key` line,
 * and nothing here throws.
 */
import type { NomadEvent } from '@/lib/nomad/types.ts';

export type SummaryTone = 'neutral' | 'good' | 'warn' | 'bad';

export interface EventSummary {
  text: string;
  tone: SummaryTone;
}

type Obj = Record<string, unknown>;

/** Long enough for any real line; stops a hostile payload from producing a megabyte-wide row. */
const MAX_TEXT = 240;

function obj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Nomad's CLI convention: the first 8 characters of an ID. */
export function shortId(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(id) ? id.slice(0, 8) : id;
}

/** Own-property lookup, so a status such as "constructor" cannot reach Object.prototype. */
function lookup<T>(table: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function s(text: string, tone: SummaryTone = 'neutral'): EventSummary {
  return { text, tone };
}

/** The topic's payload member when it is an object; `Payload` itself may be anything. */
function member(e: NomadEvent, name: string): Obj | undefined {
  return obj(obj(e.Payload)?.[name]);
}

// ---------------------------------------------------------------- allocations

const ALLOC_TONE: Record<string, SummaryTone> = {
  failed: 'bad',
  lost: 'bad',
  pending: 'warn',
  unknown: 'warn',
};

/** The newest message of a failed task, so "failed" says why. */
function failureReason(alloc: Obj): string | undefined {
  for (const state of Object.values(obj(alloc.TaskStates) ?? {})) {
    const st = obj(state);
    if (st?.Failed !== true) continue;
    const last = obj(list(st.Events).at(-1));
    const msg = str(last?.DisplayMessage) ?? str(last?.Message);
    if (msg) return msg;
  }
  return undefined;
}

function allocation(e: NomadEvent): EventSummary | undefined {
  const a = member(e, 'Allocation');
  if (!a) return undefined;
  const jobGroup = str(a.JobID) && str(a.TaskGroup) ? `${str(a.JobID)}.${str(a.TaskGroup)}` : undefined;
  const name = str(a.Name) ?? jobGroup ?? `alloc ${shortId(str(a.ID) ?? e.Key)}`;
  const node = str(a.NodeName) ?? (str(a.NodeID) ? shortId(str(a.NodeID)!) : undefined);
  const on = node ? ` on ${node}` : '';
  const client = str(a.ClientStatus);
  const desired = str(a.DesiredStatus);
  const canary = obj(a.DeploymentStatus)?.Canary === true ? ' (canary)' : '';

  if (e.Type === 'AllocationUpdateDesiredStatus') {
    const transition = obj(a.DesiredTransition);
    if (desired === 'stop' || desired === 'evict') return s(`${name} ${desired} requested`, 'warn');
    if (transition?.Migrate === true) return s(`${name} migration requested`, 'warn');
    if (transition?.Reschedule === true || transition?.ForceReschedule === true)
      return s(`${name} reschedule requested`, 'warn');
    return s(`${name} desired status ${desired ?? 'updated'}`);
  }
  if (e.Type === 'PlanResult') {
    if (desired === 'stop' || desired === 'evict') {
      const why = str(a.DesiredDescription);
      return s(`${name} stop planned${on}${why ? `: ${why}` : ''}`, 'warn');
    }
    return s(`${name}${canary} placed${on}`);
  }
  if (e.Type === 'DeploymentAllocHealth') {
    const healthy = obj(a.DeploymentStatus)?.Healthy;
    if (healthy === true) return s(`${name}${canary} healthy${on}`, 'good');
    if (healthy === false) return s(`${name}${canary} unhealthy${on}`, 'bad');
  }
  if (!client) return s(`${name} updated${on}`);

  let tone: SummaryTone = lookup(ALLOC_TONE, client) ?? 'neutral';
  if ((client === 'running' || client === 'complete') && desired === 'run') tone = 'good';
  let text = `${name} ${client}${on}`;
  if (client === 'failed') {
    const reason = failureReason(a);
    if (reason) text += `: ${reason}`;
  } else if (desired && desired !== 'run' && client === 'running') {
    text += ` (desired: ${desired})`;
  }
  if (obj(e.Payload)?.Timeout === true) {
    text += ' (exceeded max_run_duration)';
    if (tone === 'good' || tone === 'neutral') tone = 'warn';
  }
  return s(text, tone);
}

// ---------------------------------------------------------------- evaluations, jobs, deployments

const EVAL_TONE: Record<string, SummaryTone> = { complete: 'good', blocked: 'warn', failed: 'bad' };

function evaluation(e: NomadEvent): EventSummary | undefined {
  const ev = member(e, 'Evaluation');
  if (!ev) return undefined;
  const job = str(ev.JobID) ?? 'unknown job';
  const trigger = str(ev.TriggeredBy);
  const status = str(ev.Status) ?? 'updated';
  const why = status === 'failed' || status === 'blocked' ? str(ev.StatusDescription) : undefined;
  const text = `eval for ${job}${trigger ? ` (${trigger})` : ''}: ${status}${why ? ` — ${why}` : ''}`;
  return s(text, lookup(EVAL_TONE, status) ?? 'neutral');
}

function job(e: NomadEvent): EventSummary | undefined {
  const j = member(e, 'Job');
  if (!j) return undefined;
  const id = str(j.ID) ?? str(j.Name) ?? e.Key;
  if (obj(e.Payload)?.Deleted === true) {
    return s(e.Type === 'JobBatchDeregistered' ? `${id} garbage-collected` : `${id} purged`, 'warn');
  }
  if (e.Type === 'JobDeregistered' || e.Type === 'JobBatchDeregistered') return s(`${id} deregistered`, 'warn');
  const details = [
    num(j.Version) !== undefined ? `v${num(j.Version)}` : undefined,
    str(j.Type),
    Array.isArray(j.TaskGroups) ? plural(j.TaskGroups.length, 'group') : undefined,
  ].filter(Boolean);
  const suffix = details.length ? ` (${details.join(', ')})` : '';
  if (e.Type === 'JobRegistered') return s(`${id} ${j.Stop === true ? 'stopped' : 'registered'}${suffix}`);
  return s(`${id} ${str(j.Status) ?? 'updated'}${suffix}`);
}

const DEPLOYMENT_TONE: Record<string, SummaryTone> = {
  successful: 'good',
  failed: 'bad',
  paused: 'warn',
  blocked: 'warn',
};

function deployment(e: NomadEvent): EventSummary | undefined {
  const d = member(e, 'Deployment');
  if (!d) return undefined;
  const head = `deployment ${shortId(str(d.ID) ?? e.Key)}${str(d.JobID) ? ` for ${str(d.JobID)}` : ''}`;
  if (e.Type === 'DeploymentPromotion') return s(`${head} promoted`, 'good');
  const status = str(d.Status) ?? 'updated';
  if (e.Type === 'DeploymentAllocHealth') {
    let healthy = 0;
    let total = 0;
    for (const g of Object.values(obj(d.TaskGroups) ?? {})) {
      healthy += num(obj(g)?.HealthyAllocs) ?? 0;
      total += num(obj(g)?.DesiredTotal) ?? 0;
    }
    if (total > 0)
      return s(`${head}: ${healthy}/${total} allocs healthy`, lookup(DEPLOYMENT_TONE, status) ?? 'neutral');
  }
  const why = status === 'failed' ? str(d.StatusDescription) : undefined;
  return s(`${head} ${status}${why ? `: ${why}` : ''}`, lookup(DEPLOYMENT_TONE, status) ?? 'neutral');
}

// ---------------------------------------------------------------- nodes

function nodeState(n: Obj): EventSummary {
  const status = str(n.Status);
  if (status === 'down' || status === 'disconnected') return s(status, 'bad');
  if (status === 'initializing') return s(status, 'warn');
  if (n.Drain === true || obj(n.DrainStrategy)) return s('draining', 'warn');
  if (n.SchedulingEligibility === 'ineligible') return s('ineligible', 'warn');
  return status ? s(status, status === 'ready' ? 'good' : 'neutral') : s('updated');
}

function node(e: NomadEvent): EventSummary | undefined {
  const n = member(e, 'Node');
  if (!n) return undefined;
  const name = str(n.Name) ?? shortId(str(n.ID) ?? e.Key);
  const state = nodeState(n);
  switch (e.Type) {
    case 'NodeRegistration':
      return s(`${name} registered (${state.text})`, state.tone);
    case 'NodeDeregistration':
      return s(`${name} deregistered`, 'warn');
    case 'NodeDrain':
      if (state.text === 'draining') return s(`${name} draining`, 'warn');
      return s(`${name} drain finished (${str(n.SchedulingEligibility) ?? state.text})`);
    case 'NodeEligibility':
      return n.SchedulingEligibility === 'eligible' ? s(`${name} eligible`, 'good') : s(`${name} ineligible`, 'warn');
    case 'NodeStreamEvent': {
      const last = obj(list(n.Events).at(-1));
      const msg = str(last?.Message);
      return s(`${name} ${state.text}${msg ? `: ${msg}` : ''}`, state.tone);
    }
    default:
      return s(`${name} ${state.text}`, state.tone);
  }
}

// ---------------------------------------------------------------- ACL, services, variables, volumes

function upsertedOrDeleted(type: string): string {
  if (type.endsWith('Deleted')) return 'deleted';
  if (type.endsWith('Upserted')) return 'upserted';
  return 'updated';
}

const ACL: Record<string, { member: string; noun: string; name: (o: Obj) => string | undefined }> = {
  ACLToken: { member: 'ACLToken', noun: 'ACL token', name: (o) => str(o.Name) ?? shortIdOf(o.AccessorID) },
  ACLPolicy: { member: 'ACLPolicy', noun: 'ACL policy', name: (o) => str(o.Name) },
  ACLRole: { member: 'ACLRole', noun: 'ACL role', name: (o) => str(o.Name) ?? shortIdOf(o.ID) },
  ACLAuthMethod: { member: 'AuthMethod', noun: 'auth method', name: (o) => str(o.Name) },
  ACLBindingRule: {
    member: 'ACLBindingRule',
    noun: 'binding rule',
    name: (o) => [shortIdOf(o.ID), str(o.AuthMethod) && `for ${str(o.AuthMethod)}`].filter(Boolean).join(' '),
  },
};

function shortIdOf(v: unknown): string | undefined {
  const id = str(v);
  return id && shortId(id);
}

function acl(e: NomadEvent): EventSummary | undefined {
  const spec = lookup(ACL, e.Topic);
  const o = spec && member(e, spec.member);
  if (!spec || !o) return undefined;
  const action = upsertedOrDeleted(e.Type);
  return s(`${spec.noun} ${spec.name(o) || e.Key} ${action}`, action === 'deleted' ? 'warn' : 'neutral');
}

function service(e: NomadEvent): EventSummary | undefined {
  const svc = member(e, 'Service');
  if (!svc) return undefined;
  const name = str(svc.ServiceName) ?? e.Key;
  const addr = str(svc.Address);
  const port = num(svc.Port);
  const host = addr && addr.includes(':') ? `[${addr}]` : addr;
  const at = host ? `${host}${port !== undefined ? `:${port}` : ''}` : undefined;
  if (e.Type === 'ServiceDeregistration') return s(`${name} deregistered${at ? ` from ${at}` : ''}`);
  return s(`${name} registered${at ? ` at ${at}` : ''}`, 'good');
}

function variable(e: NomadEvent): EventSummary | undefined {
  const meta = member(e, 'Metadata');
  const path = str(meta?.Path) ?? str(e.Key);
  if (!path) return undefined;
  const deleted = obj(e.Payload)?.Deleted === true;
  return s(`variable ${path} ${deleted ? 'deleted' : 'updated'}`, deleted ? 'warn' : 'neutral');
}

const VOLUME_ACTION: Record<string, string> = {
  HostVolumeRegistered: 'registered',
  HostVolumeDeleted: 'deleted',
  CSIVolumeRegistered: 'registered',
  CSIVolumeDeregistered: 'deregistered',
  CSIVolumeClaim: 'claimed',
};

function volume(e: NomadEvent): EventSummary | undefined {
  const v = member(e, 'Volume');
  if (!v) return undefined;
  const kind = e.Topic === 'CSIVolume' ? 'CSI volume' : 'host volume';
  const name = str(v.Name) ?? shortIdOf(v.ID) ?? e.Key;
  const action = lookup(VOLUME_ACTION, e.Type) ?? 'updated';
  return s(`${kind} ${name} ${action}`, action === 'deleted' || action === 'deregistered' ? 'warn' : 'neutral');
}

function plugin(e: NomadEvent): EventSummary | undefined {
  const p = member(e, 'Plugin');
  if (!p) return undefined;
  const healthy = num(p.NodesHealthy);
  const expected = num(p.NodesExpected);
  const health = healthy !== undefined && expected !== undefined ? ` (${healthy}/${expected} nodes healthy)` : '';
  return s(`CSI plugin ${str(p.ID) ?? e.Key}${health}`, healthy !== undefined && healthy === 0 ? 'warn' : 'neutral');
}

function nodePool(e: NomadEvent): EventSummary | undefined {
  const p = member(e, 'NodePool');
  if (!p) return undefined;
  return s(`node pool ${str(p.Name) ?? e.Key} ${e.Type === 'NodePoolDeleted' ? 'deleted' : 'upserted'}`);
}

// ---------------------------------------------------------------- entry point

const BY_TOPIC: Record<string, (e: NomadEvent) => EventSummary | undefined> = {
  Allocation: allocation,
  Evaluation: evaluation,
  Job: job,
  Deployment: deployment,
  Node: node,
  NodePool: nodePool,
  Service: service,
  Variable: variable,
  HostVolume: volume,
  CSIVolume: volume,
  CSIPlugin: plugin,
  ACLToken: acl,
  ACLPolicy: acl,
  ACLRole: acl,
  ACLAuthMethod: acl,
  ACLBindingRule: acl,
};

function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** `Topic Type Key`, for topics we do not know and payloads we cannot read. */
function generic(e: unknown): EventSummary {
  const o = obj(e);
  return s([text(o?.Topic), text(o?.Type), text(o?.Key)].filter(Boolean).join(' ') || 'event');
}

/** Collapses to one line (payload strings may hold newlines) and bounds the length. */
function oneLine(summary: EventSummary): EventSummary {
  const flat = summary.text.replace(/\s+/g, ' ').trim();
  return { tone: summary.tone, text: flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT - 1)}…` : flat };
}

/** A one-line, human summary of an event, with a tone for colouring. Never throws. */
export function summarizeEvent(e: NomadEvent): EventSummary {
  try {
    const topic = obj(e) && typeof e.Topic === 'string' ? lookup(BY_TOPIC, e.Topic) : undefined;
    const event = topic ? { ...e, Type: text(e.Type), Key: text(e.Key) } : undefined;
    return oneLine((topic && event && topic(event)) || generic(e));
  } catch {
    // Belt and braces: a getter or proxy in a payload must not break the timeline.
    return oneLine(generic(e));
  }
}
