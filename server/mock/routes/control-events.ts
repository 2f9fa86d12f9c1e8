/**
 * Control routes for the event stream and the living cluster (mock mode only, no token),
 * used by the timeline's end-to-end tests and by demos. Everything they change goes
 * through the state store, so REST, blocking queries and the stream keep agreeing.
 */
import { badRequest } from '../../http/errors.ts';
import type { EventBroker } from '../events/broker.ts';
import { parseTopics } from '../events/filter.ts';
import { readJsonBody, sendJson, type Exchange, type MockDeps, type RouteDef } from '../http-kit.ts';
import type { ScenarioEngine } from '../scenario/engine.ts';
import { nsKey } from '../store.ts';

const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const MAX_EMIT_STEPS = 100_000;

function asObject(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest(`${what} must be a JSON object`);
  return body as Record<string, unknown>;
}

function truthy(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

export function controlEventRoutes(deps: MockDeps, broker: EventBroker, scenario: ScenarioEngine): RouteDef[] {
  const { store } = deps;
  const state = () => ({ Broker: broker.state(), Scenario: scenario.snapshot() });

  async function emit(ex: Exchange): Promise<void> {
    const body = asObject((await readJsonBody(ex.req)) ?? {}, 'Request body');
    const from = store.index;
    const count = body.count ?? body.Count;
    if (body.Job !== undefined) {
      const job = asObject(body.Job, 'Job');
      const id = job.ID;
      const namespace = job.Namespace ?? 'default';
      const type = job.Type ?? 'service';
      if (typeof id !== 'string' || !JOB_ID.test(id)) {
        throw badRequest('Job.ID must be 1-128 characters of letters, digits, ".", "_" or "-"');
      }
      if (typeof namespace !== 'string' || !store.get('namespaces', namespace)) {
        throw badRequest(`namespace ${JSON.stringify(namespace)} does not exist`);
      }
      if (type !== 'service' && type !== 'batch') throw badRequest('Job.Type must be "service" or "batch"');
      if (store.get('jobs', nsKey(namespace, id))) {
        throw badRequest(`job ${JSON.stringify(id)} already exists in namespace ${JSON.stringify(namespace)}`);
      }
      scenario.emitJob(id, namespace, type);
      deps.log(`mock: emitted job ${namespace}/${id} (indexes ${from + 1}..${store.index})`);
    } else if (count !== undefined) {
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_EMIT_STEPS) {
        throw badRequest(`count must be a whole number from 1 to ${MAX_EMIT_STEPS}`);
      }
      scenario.runSteps(count);
    } else {
      throw badRequest('Request body needs "Job" ({"ID","Namespace"?,"Type"?}) or "count"');
    }
    sendJson(ex, { FromIndex: from + 1, Index: store.index });
  }

  function stall(ex: Exchange, body: Record<string, unknown>): void {
    const resume = truthy(ex.url.searchParams.get('resume')) || truthy(body.resume ?? body.Resume);
    if (resume) return sendJson(ex, { Resumed: broker.resumeStalled() });
    sendJson(ex, { Stalled: broker.stallAll() });
  }

  function published(ex: Exchange): void {
    const params = ex.url.searchParams;
    const afterRaw = params.get('after') ?? '0';
    if (!/^\d+$/.test(afterRaw)) throw badRequest('after must be a raft index (a whole number)');
    const limitRaw = params.get('limit') ?? '10000';
    if (!/^\d+$/.test(limitRaw) || Number(limitRaw) < 1) throw badRequest('limit must be a positive whole number');
    const topics = parseTopics(params.getAll('topic'));
    const namespaces = broker.namespacesFor(params.get('namespace') || 'default');
    const { batches, oldest } = broker.published(Number(afterRaw), { topics, namespaces }, Number(limitRaw));
    sendJson(ex, { Batches: batches, Index: broker.buffer.tail.index, Oldest: oldest });
  }

  return [
    {
      methods: 'GET',
      pattern: '/__mock/scenario',
      description:
        'The living cluster and the event broker: running or paused, rate, steps, jobs, subscribers, buffer.',
      handler: (ex) => sendJson(ex, state()),
    },
    {
      methods: 'POST',
      pattern: '/__mock/scenario/pause',
      description: 'Freeze the simulated activity (the stream keeps its heartbeats).',
      handler: (ex) => {
        scenario.pause();
        sendJson(ex, state());
      },
    },
    {
      methods: 'POST',
      pattern: '/__mock/scenario/resume',
      description: 'Resume the simulated activity at the configured rate.',
      handler: (ex) => {
        scenario.resume();
        sendJson(ex, state());
      },
    },
    {
      methods: 'POST',
      pattern: '/__mock/events/emit',
      description:
        'Real store writes: {"Job":{"ID","Namespace"?,"Type"?:"service"|"batch"}} registers and rolls out a job now; {"count":N} runs N scenario steps now. Answers {FromIndex, Index}.',
      handler: emit,
    },
    {
      methods: 'POST',
      pattern: '/__mock/events/heartbeat',
      description:
        'Change the event stream heartbeat interval, for open and later streams: {"ms":N} (10 to 3600000). Answers {HeartbeatMs}.',
      handler: async (ex) => {
        const body = asObject((await readJsonBody(ex.req)) ?? {}, 'Request body');
        const ms = body.ms ?? body.Ms;
        if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 10 || ms > 3_600_000) {
          throw badRequest('ms must be a whole number of milliseconds from 10 to 3600000');
        }
        broker.setHeartbeat(ms);
        sendJson(ex, { HeartbeatMs: broker.heartbeatMs });
      },
    },
    {
      methods: 'POST',
      pattern: '/__mock/streams/drop',
      description: 'End every open event stream abruptly. Answers {Dropped}.',
      handler: (ex) => sendJson(ex, { Dropped: broker.dropAll() }),
    },
    {
      methods: 'POST',
      pattern: '/__mock/streams/stall',
      description:
        'Stop writing to the open event streams (heartbeats too) without closing them; ?resume=1 or {"resume":true} ends the stall. Streams opened later are not stalled.',
      handler: async (ex) => stall(ex, asObject((await readJsonBody(ex.req)) ?? {}, 'Request body')),
    },
    {
      methods: 'GET',
      pattern: '/__mock/events/published',
      description:
        'What the broker published after ?after=<index> (exclusive), filtered by topic/namespace exactly as a stream would be (same defaults), as {Batches:[{Events,Index}], Index, Oldest}.',
      handler: published,
    },
  ];
}
