/**
 * Validation of the `/__mock/jobs` body: the few fields a test needs to register a job,
 * filled out with Nomad-like defaults (one docker task per group).
 */
import type { JobType } from '../../src/lib/nomad/types.ts';
import { badRequest } from '../http/errors.ts';
import type { GroupSpec, JobSpec } from './build-job.ts';
import type { StateStore } from './store.ts';

const TYPES: readonly JobType[] = ['service', 'batch', 'system', 'sysbatch'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates the minimal body `{ID, Namespace?, Type?, Priority?, Datacenters?, Meta?, TaskGroups?}`. */
export function parseRegisterBody(store: StateStore, body: unknown): JobSpec {
  if (!isRecord(body)) throw badRequest('Job must be specified');
  const id = body.ID;
  if (typeof id !== 'string' || id === '') throw badRequest("Job ID hasn't been provided");
  const namespace = body.Namespace ?? 'default';
  if (typeof namespace !== 'string' || !store.get('namespaces', namespace)) {
    throw badRequest(`job "${id}" is in nonexistent namespace "${String(namespace)}"`);
  }
  const type = body.Type ?? 'service';
  if (!TYPES.includes(type as JobType)) throw badRequest(`Invalid job type: "${String(type)}"`);
  const priority = body.Priority ?? 50;
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 1 || priority > 100) {
    throw badRequest('job priority must be between [1, 100]');
  }
  const datacenters = body.Datacenters ?? ['*'];
  if (!Array.isArray(datacenters) || !datacenters.every((d) => typeof d === 'string')) {
    throw badRequest('Datacenters must be a list of strings');
  }
  const meta = body.Meta ?? undefined;
  if (meta !== undefined && (!isRecord(meta) || !Object.values(meta).every((v) => typeof v === 'string'))) {
    throw badRequest('Meta must map strings to strings');
  }
  const rawGroups = body.TaskGroups ?? [{ Name: id, Count: 1 }];
  if (!Array.isArray(rawGroups) || rawGroups.length === 0) throw badRequest('Missing job task groups');
  const groups: GroupSpec[] = rawGroups.map((g, i) => {
    if (!isRecord(g) || typeof g.Name !== 'string' || g.Name === '')
      throw badRequest(`Task group ${i + 1} missing name`);
    const count = g.Count ?? 1;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      throw badRequest(`Task group ${g.Name} should have a non-negative count`);
    }
    const batchLike = type === 'batch' || type === 'sysbatch';
    return {
      name: g.Name,
      count: type === 'system' || type === 'sysbatch' ? 1 : count,
      tasks: [
        {
          name: g.Name,
          driver: 'docker',
          config: batchLike
            ? { image: 'busybox:1.37', command: 'sh', args: ['-c', 'sleep 30'] }
            : { image: 'nginx:1.27-alpine' },
          cpu: 100,
          memoryMB: 128,
        },
      ],
    };
  });
  return {
    id,
    namespace,
    type: type as JobType,
    priority,
    datacenters: datacenters as string[],
    groups,
    ...(meta ? { meta: meta as Record<string, string> } : {}),
  };
}
