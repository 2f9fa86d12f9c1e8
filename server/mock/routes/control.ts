/**
 * Control routes under `/__mock/`, for tests and demos; they exist only in mock mode and
 * need no token. Every change goes through the state store like any other write, so
 * blocking queries wake and (later) the event stream sees it.
 */
import { badRequest, notFound } from '../../http/errors.ts';
import { unixNano } from '../../http/go-time.ts';
import { readJsonBody, sendJson, type Exchange, type MockDeps, type RouteDef } from '../http-kit.ts';
import { parseRegisterBody } from '../register-body.ts';
import { registerJob } from '../scheduler.ts';
import type { MockTokenInfo } from '../cluster.ts';
import { nsKey } from '../store.ts';
import { putJob } from '../writes.ts';
import type { JobWire } from '../wire.ts';

export interface ControlApi {
  /** Back to the seeded state; returns the raft index after the reset. */
  reset(): number;
  tokens(): MockTokenInfo[];
}

/** Fields a patch may set; anything else is refused so a typo does not pass silently. */
const PATCHABLE = [
  'AllAtOnce',
  'Datacenters',
  'Meta',
  'Name',
  'NodePool',
  'Priority',
  'Stable',
  'Status',
  'StatusDescription',
  'Stop',
] as const;
const NOT_A_SPEC_CHANGE = new Set(['Status', 'StatusDescription', 'Stable']);
const STATUSES = new Set(['pending', 'running', 'dead']);

function validatePatch(body: unknown): Partial<JobWire> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('Request body must be a JSON object of job fields');
  }
  const patch = body as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (!(PATCHABLE as readonly string[]).includes(key)) {
      throw badRequest(`field "${key}" cannot be patched (patchable: ${PATCHABLE.join(', ')})`);
    }
    const ok =
      key === 'Status'
        ? STATUSES.has(value as string)
        : key === 'Priority'
          ? Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 100
          : key === 'Meta'
            ? value === null ||
              (typeof value === 'object' &&
                !Array.isArray(value) &&
                Object.values(value as object).every((v) => typeof v === 'string'))
            : key === 'Datacenters'
              ? Array.isArray(value) && value.every((v) => typeof v === 'string')
              : key === 'Name' || key === 'NodePool' || key === 'StatusDescription'
                ? typeof value === 'string'
                : typeof value === 'boolean';
    if (!ok) throw badRequest(`invalid value for field "${key}"`);
  }
  return patch as Partial<JobWire>;
}

export function controlRoutes(deps: MockDeps, control: ControlApi): RouteDef[] {
  const { store } = deps;
  const routes: RouteDef[] = [
    {
      methods: 'POST',
      pattern: '/__mock/reset',
      description:
        'Back to the seeded cluster. Re-applied as new raft writes, so indexes keep growing and blocking queries wake.',
      handler: (ex) => {
        const index = control.reset();
        deps.log(`mock: reset to the seed (index ${index})`);
        sendJson(ex, { Index: index });
      },
    },
    {
      methods: 'GET',
      pattern: '/__mock/tokens',
      description: 'The demo ACL tokens with their secrets ([] when ACLs are off).',
      handler: (ex) => sendJson(ex, control.tokens()),
    },
    {
      methods: 'POST',
      pattern: '/__mock/job/*id',
      description: `Patch a job (?namespace=, default "default") with a JSON object of fields (${PATCHABLE.join(', ')}); one JobRegistered commit.`,
      handler: async (ex) => patchJob(ex),
    },
    {
      methods: 'POST',
      pattern: '/__mock/jobs',
      description:
        'Register a job from {"ID","Namespace"?,"Type"?,"Priority"?,"Datacenters"?,"Meta"?,"TaskGroups"?:[{"Name","Count"}]} and schedule it.',
      handler: async (ex) => {
        const spec = parseRegisterBody(store, await readJsonBody(ex.req));
        const result = registerJob({ store, rng: deps.rng, now: deps.now }, spec);
        deps.log(`mock: job ${spec.namespace}/${spec.id} registered (index ${result.Index})`);
        sendJson(ex, result);
      },
    },
  ];

  async function patchJob(ex: Exchange): Promise<void> {
    const id = ex.params.id ?? '';
    const namespace = ex.url.searchParams.get('namespace') || 'default';
    const patch = validatePatch(await readJsonBody(ex.req));
    const key = nsKey(namespace, id);
    if (!store.get('jobs', key)) throw notFound('job not found');
    let updated!: JobWire;
    const commit = store.commit('JobRegistered', (txn) => {
      const job = txn.get('jobs', key)!;
      const specChanged = Object.entries(patch).some(
        ([k, v]) => !NOT_A_SPEC_CHANGE.has(k) && JSON.stringify(v) !== JSON.stringify(job[k as keyof JobWire]),
      );
      updated = {
        ...job,
        ...patch,
        ModifyIndex: txn.index,
        ...(specChanged
          ? { Version: job.Version + 1, JobModifyIndex: txn.index, SubmitTime: unixNano(deps.now()), Stable: false }
          : {}),
      };
      if (patch.Stable !== undefined) updated.Stable = patch.Stable;
      // A patched Status is taken literally instead of being derived from allocations.
      putJob(txn, updated, { keepStatus: patch.Status !== undefined });
      updated = txn.get('jobs', key)!;
    });
    deps.log(`mock: job ${namespace}/${id} patched (${Object.keys(patch).join(', ') || 'no fields'})`);
    sendJson(ex, { Index: commit.index, Job: updated });
  }

  routes.unshift({
    methods: 'GET',
    pattern: '/__mock/',
    description: 'This list.',
    handler: (ex) =>
      sendJson(ex, {
        Routes: routes.map((r) => ({
          Description: r.description ?? '',
          Methods: typeof r.methods === 'string' ? [r.methods] : r.methods,
          Path: r.pattern,
        })),
      }),
  });
  return routes;
}
