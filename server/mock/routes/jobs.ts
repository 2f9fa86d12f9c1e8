/**
 * Job endpoints (command/agent/job_endpoint.go, nomad/job_endpoint.go). `/v1/job/…` is
 * dispatched on its suffix like Nomad does, so job IDs may contain slashes
 * (`nightly-report/periodic-1700000000`).
 */
import { notFound } from '../../http/errors.ts';
import { parseBoolFlag, parseGoBool, type QueryOptions } from '../../http/query.ts';
import { ENDPOINT_REQUIREMENTS } from '../acl/capabilities.ts';
import { blocking, maxIndex, query, sendJson, type Exchange, type MockDeps, type RouteDef } from '../http-kit.ts';
import { nsKey } from '../store.ts';
import { allocStub, jobStub } from '../views.ts';
import { inScope, isEmptyScope, permittedNamespaces } from './scope.ts';

type SubHandler = (ex: Exchange, jobId: string, q: QueryOptions) => Promise<void>;

export function jobRoutes(deps: MockDeps): RouteDef[] {
  const { store, auth } = deps;

  const listJobs = async (ex: Exchange): Promise<void> => {
    const q = query(ex);
    const withMeta = parseBoolFlag(ex.url, 'meta') ?? false;
    const { acl } = auth.require(ex.req, ENDPOINT_REQUIREMENTS['GET /v1/jobs'], q.namespace);
    const result = await blocking(deps, ex, q, ['jobs', 'job_summary'], () => {
      const scope = permittedNamespaces(store, acl, 'list-jobs');
      const value = isEmptyScope(scope)
        ? []
        : store
            .list('jobs')
            .filter((j) => inScope(j.Namespace, q.namespace, scope) && j.ID.startsWith(q.prefix))
            .map((j) => jobStub(j, store.get('job_summary', nsKey(j.Namespace, j.ID)), withMeta));
      return { index: maxIndex(store, 'jobs', 'job_summary'), value };
    });
    if (result) sendJson(ex, result.value);
  };

  const readJob = (ex: Exchange, q: QueryOptions): void => {
    auth.require(ex.req, ENDPOINT_REQUIREMENTS['GET /v1/job/:id'], q.namespace);
  };

  const getJob: SubHandler = async (ex, jobId, q) => {
    readJob(ex, q);
    const result = await blocking(deps, ex, q, ['jobs'], () => {
      const job = store.get('jobs', nsKey(q.namespace, jobId));
      return { index: job?.ModifyIndex ?? store.tableIndex('jobs'), value: job };
    });
    if (!result) return;
    if (!result.value) throw notFound('job not found');
    sendJson(ex, result.value);
  };

  const jobAllocations: SubHandler = async (ex, jobId, q) => {
    const all = parseGoBool(ex.url.searchParams.get('all') ?? '') ?? false;
    readJob(ex, q);
    const result = await blocking(deps, ex, q, ['allocs'], () => {
      const job = store.get('jobs', nsKey(q.namespace, jobId));
      // Without `all`, only allocations of the current incarnation of the job ID.
      const allocs = store
        .list('allocs')
        .filter((a) => a.Namespace === q.namespace && a.JobID === jobId)
        .filter((a) => all || !job || a.Job.CreateIndex === job.CreateIndex);
      return { index: store.tableIndex('allocs'), value: allocs.map((a) => allocStub(a)) };
    });
    if (result) sendJson(ex, result.value);
  };

  const jobEvaluations: SubHandler = async (ex, jobId, q) => {
    readJob(ex, q);
    const result = await blocking(deps, ex, q, ['evals'], () => ({
      index: store.tableIndex('evals'),
      value: store.list('evals').filter((e) => e.Namespace === q.namespace && e.JobID === jobId),
    }));
    if (result) sendJson(ex, result.value);
  };

  const deploymentsOf = (namespace: string, jobId: string) =>
    store.list('deployment').filter((d) => d.Namespace === namespace && d.JobID === jobId);

  const jobDeployments: SubHandler = async (ex, jobId, q) => {
    readJob(ex, q);
    const result = await blocking(deps, ex, q, ['deployment'], () => ({
      index: store.tableIndex('deployment'),
      value: deploymentsOf(q.namespace, jobId),
    }));
    if (result) sendJson(ex, result.value);
  };

  const jobLatestDeployment: SubHandler = async (ex, jobId, q) => {
    readJob(ex, q);
    const result = await blocking(deps, ex, q, ['deployment'], () => {
      const latest = deploymentsOf(q.namespace, jobId).sort((a, b) => b.CreateIndex - a.CreateIndex)[0];
      return { index: store.tableIndex('deployment'), value: latest ?? null };
    });
    if (result) sendJson(ex, result.value);
  };

  const jobSummary: SubHandler = async (ex, jobId, q) => {
    readJob(ex, q);
    const result = await blocking(deps, ex, q, ['job_summary'], () => {
      const summary = store.get('job_summary', nsKey(q.namespace, jobId));
      return { index: summary?.ModifyIndex ?? store.tableIndex('job_summary'), value: summary };
    });
    if (!result) return;
    if (!result.value) throw notFound('job not found');
    sendJson(ex, result.value);
  };

  // Checked in Nomad's order; the first matching suffix wins.
  const suffixes: [string, SubHandler][] = [
    ['/allocations', jobAllocations],
    ['/evaluations', jobEvaluations],
    ['/deployments', jobDeployments],
    ['/deployment', jobLatestDeployment],
    ['/summary', jobSummary],
  ];

  const jobSpecific = async (ex: Exchange): Promise<void> => {
    const path = ex.params.rest ?? '';
    for (const [suffix, handler] of suffixes) {
      if (path.endsWith(suffix)) return handler(ex, path.slice(0, -suffix.length), query(ex));
    }
    return getJob(ex, path, query(ex));
  };

  return [
    { methods: 'GET', pattern: '/v1/jobs', handler: listJobs },
    // Only reads: job writes (register, stop, dispatch…) are not simulated yet, so other
    // methods get Nomad's 405.
    { methods: 'GET', pattern: '/v1/job/*rest', handler: jobSpecific },
  ];
}
