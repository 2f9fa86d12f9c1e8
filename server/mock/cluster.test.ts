import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type Harness } from './test-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startMock({ seed: 1 });
});
afterAll(() => h.close());

interface Stub {
  ID: string;
  Namespace: string;
  [key: string]: unknown;
}

const json = async <T = Stub[]>(path: string): Promise<T> => (await h.get(path)).json() as Promise<T>;

describe('agent and status endpoints', () => {
  it('serves /v1/agent/self with lower-case top-level keys and the version the UI reads', async () => {
    const res = await h.get('/v1/agent/self');
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as { config: Record<string, unknown>; member: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['config', 'member', 'stats']);
    expect(body.config).toMatchObject({
      Region: 'global',
      Datacenter: 'dc1',
      Version: { Version: '2.0.5', VersionPrerelease: '', VersionMetadata: '' },
      ACL: { Enabled: false },
    });
    expect(body.member).toMatchObject({ Status: 'alive', Port: 4648 });
  });

  it('serves members, regions and the leader as Nomad shapes them', async () => {
    const members = await json<{ Members: { Name: string; Tags: Record<string, string> }[]; ServerRegion: string }>(
      '/v1/agent/members',
    );
    expect(members.ServerRegion).toBe('global');
    expect(members.Members[0]!.Tags.region).toBe('global');
    expect(await json('/v1/regions')).toEqual(['global']);
    const leader = await h.get('/v1/status/leader');
    expect(await leader.text()).toBe('"10.0.0.10:4647"');
  });

  it('answers a known path with the wrong method 405 Invalid method, an unknown path 404 without body', async () => {
    const wrong = await h.post('/v1/agent/self', {});
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await wrong.text()).toBe('Invalid method');
    for (const path of ['/v1/nope', '/v1/jobs/nope/extra', '/__mock/nope']) {
      const res = await h.get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBeNull();
      expect(await res.text()).toBe('');
    }
  });

  it('pretty-prints with 4 spaces and a trailing newline only when asked', async () => {
    expect(await (await h.get('/v1/regions?pretty')).text()).toBe('[\n    "global"\n]\n');
    expect(await (await h.get('/v1/regions?pretty=0')).text()).toBe('["global"]');
  });
});

describe('namespaces', () => {
  it('lists namespaces with the table index and Nomad fields', async () => {
    const res = await h.get('/v1/namespaces');
    expect(Number(res.headers.get('x-nomad-index'))).toBeGreaterThanOrEqual(1);
    const list = (await res.json()) as { Name: string; Hash: string; Quota: string }[];
    expect(list.map((n) => n.Name)).toEqual(['default', 'prod', 'staging']);
    expect(list[0]).toMatchObject({ Quota: '', Capabilities: null, Meta: null });
    expect(list[0]!.Hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('reads one namespace, 404s an unknown one and 400s an empty name', async () => {
    expect(await json<{ Name: string }>('/v1/namespace/prod')).toMatchObject({ Name: 'prod' });
    const missing = await h.get('/v1/namespace/nope');
    expect([missing.status, await missing.text()]).toEqual([404, 'Namespace not found']);
    expect(missing.headers.get('x-nomad-index')).not.toBeNull();
    const empty = await h.get('/v1/namespace/');
    expect([empty.status, await empty.text()]).toEqual([400, 'Missing Namespace Name']);
  });
});

describe('jobs', () => {
  it('lists the default namespace by default, sorted by ID, as JobListStubs with sorted keys', async () => {
    const res = await h.get('/v1/jobs');
    const body = await res.text();
    expect(body.startsWith('[{"CreateIndex":')).toBe(true);
    const jobs = JSON.parse(body) as Stub[];
    expect(jobs.every((j) => j.Namespace === 'default')).toBe(true);
    expect(jobs.map((j) => j.ID)).toEqual([...jobs.map((j) => j.ID)].sort());
    const keys = Object.keys(jobs[0]!);
    expect(keys).toEqual([...keys].sort());
    expect(keys).not.toContain('Meta');
    expect(jobs[0]!.JobSummary).toMatchObject({ JobID: jobs[0]!.ID, Children: { Dead: 0, Pending: 0, Running: 0 } });
  });

  it('lists across namespaces with namespace=* and filters by prefix', async () => {
    const all = await json('/v1/jobs?namespace=*');
    expect(new Set(all.map((j) => j.Namespace))).toEqual(new Set(['default', 'prod', 'staging']));
    const prod = await json('/v1/jobs?namespace=prod');
    expect(prod.map((j) => j.ID)).toEqual(['payments', 'search-indexer', 'web-frontend']);
    const prefixed = await json('/v1/jobs?prefix=nightly');
    expect(prefixed.map((j) => j.ID)).toHaveLength(4);
  });

  it('adds Meta with meta=true and rejects a bad boolean with a 500 like Nomad', async () => {
    const jobs = await json('/v1/jobs?meta=true');
    expect(jobs.find((j) => j.ID === 'api-gateway')!.Meta).toEqual({ owner: 'edge-team', tier: 'frontend' });
    expect(jobs.find((j) => j.ID === 'db-migrate')!).not.toHaveProperty('Meta');
    const bad = await h.get('/v1/jobs?meta=yes');
    expect(bad.status).toBe(500);
    expect(await bad.text()).toBe(
      'Failed to parse value of "meta" (yes) as a bool: strconv.ParseBool: parsing "yes": invalid syntax',
    );
  });

  it('reads a job by ID, including IDs with a slash, encoded or not', async () => {
    const job = await json<{ ID: string; TaskGroups: unknown[]; Periodic: unknown }>('/v1/job/nightly-report');
    expect(job.Periodic).toMatchObject({ Spec: '0 2 * * *', Enabled: true });
    const child = (await json('/v1/jobs?prefix=nightly-report/')).at(-1)!;
    const encoded = await h.get(`/v1/job/${encodeURIComponent(child.ID)}`);
    expect(((await encoded.json()) as Stub).ID).toBe(child.ID);
    const raw = await json(`/v1/job/${child.ID}/allocations`);
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.every((a) => a.JobID === child.ID)).toBe(true);
  });

  it('answers 404 job not found (with the index header) for an unknown job or namespace', async () => {
    for (const path of ['/v1/job/nope', '/v1/job/payments']) {
      const res = await h.get(path);
      expect([res.status, await res.text()]).toEqual([404, 'job not found']);
      expect(res.headers.get('x-nomad-index')).toMatch(/^\d+$/);
    }
    expect((await h.get('/v1/job/payments?namespace=prod')).status).toBe(200);
  });

  it("serves a job's evaluations, deployments and summary", async () => {
    const evals = await json<{ JobID: string; Status: string }[]>('/v1/job/payments/evaluations?namespace=staging');
    expect(evals.map((e) => e.Status).sort()).toEqual(['blocked', 'complete']);
    const deployment = await json<{ Status: string; JobID: string }>('/v1/job/api-gateway/deployment');
    expect(deployment).toMatchObject({ Status: 'running', JobID: 'api-gateway' });
    expect(await (await h.get('/v1/job/db-migrate/deployment')).text()).toBe('null');
    const summary = await json<{ Summary: Record<string, { Queued: number }> }>(
      '/v1/job/payments/summary?namespace=staging',
    );
    expect(summary.Summary.api!.Queued).toBe(1);
  });
});

describe('nodes', () => {
  it('lists NodeListStubs with Address and Drain, optional resources', async () => {
    const nodes =
      await json<{ Address: string; Drain: boolean; Version: string; NodeResources?: unknown }[]>('/v1/nodes');
    expect(nodes).toHaveLength(5);
    expect(nodes[0]!.Address).toMatch(/^10\.0\.\d\.\d+$/);
    expect(nodes.every((n) => n.Drain === false && n.Version === '2.0.5' && !('NodeResources' in n))).toBe(true);
    const withResources =
      await json<{ NodeResources: unknown; ReservedResources: unknown }[]>('/v1/nodes?resources=true');
    expect(withResources[0]!.NodeResources).toBeTruthy();
  });

  it('reads a node with the Drain extension and without SecretID', async () => {
    const [stub] = await json('/v1/nodes');
    const node = await json<Record<string, unknown>>(`/v1/node/${stub!.ID}`);
    expect(node).toMatchObject({ ID: stub!.ID, Drain: false, DrainStrategy: null });
    expect(node).not.toHaveProperty('SecretID');
    expect(node.HTTPAddr).toMatch(/:4646$/);
    const missing = await h.get('/v1/node/00000000-0000-0000-0000-000000000000');
    expect([missing.status, await missing.text()]).toEqual([404, 'node not found']);
  });
});

describe('allocations and evaluations', () => {
  it('lists AllocListStubs of the default namespace; resources and task_states select fields', async () => {
    const allocs = await json<{ Namespace: string; TaskStates: unknown; JobType: string }[]>('/v1/allocations');
    expect(allocs.every((a) => a.Namespace === 'default')).toBe(true);
    expect(allocs[0]).not.toHaveProperty('AllocatedResources');
    expect(allocs[0]!.TaskStates).not.toBeNull();
    const slim = await json<{ TaskStates: unknown; AllocatedResources: unknown }[]>(
      '/v1/allocations?task_states=false&resources=true',
    );
    expect(slim[0]!.TaskStates).toBeNull();
    expect(slim[0]!.AllocatedResources).toBeTruthy();
  });

  it('filters by UUID prefix and reports memdb prefix errors as 500s', async () => {
    const [first] = await json('/v1/allocations?namespace=*');
    const prefix = first!.ID.slice(0, 4);
    const matched = await json(`/v1/allocations?namespace=*&prefix=${prefix}`);
    expect(matched.length).toBeGreaterThan(0);
    expect(matched.every((a) => a.ID.startsWith(prefix))).toBe(true);
    const odd = await h.get('/v1/allocations?prefix=abc');
    expect([odd.status, await odd.text()]).toEqual([
      500,
      'alloc lookup failed: Input (without hyphens) must be even length',
    ]);
    const nonHex = await h.get('/v1/allocations?prefix=zz');
    expect(await nonHex.text()).toBe("alloc lookup failed: Invalid UUID: encoding/hex: invalid byte: U+007A 'z'");
  });

  it('reads an allocation with its job; 404 for an unknown UUID, 500 for a malformed one', async () => {
    const [stub] = await json('/v1/allocations');
    const res = await h.get(`/v1/allocation/${stub!.ID}`);
    expect(res.headers.get('x-nomad-index')).toBe(String(stub!.ModifyIndex));
    const alloc = (await res.json()) as { Job: { ID: string }; JobID: string };
    expect(alloc.Job.ID).toBe(alloc.JobID);
    const missing = await h.get('/v1/allocation/00000000-0000-0000-0000-000000000000');
    expect([missing.status, await missing.text()]).toEqual([404, 'alloc not found']);
    const bad = await h.get('/v1/allocation/abc');
    expect([bad.status, await bad.text()]).toEqual([500, 'alloc lookup failed: UUID must be 36 characters']);
  });

  it('lists evaluations and reads one', async () => {
    const evals = await json<{ ID: string; Status: string }[]>('/v1/evaluations?namespace=*');
    expect(evals.length).toBeGreaterThan(10);
    const ev = await json<{ ID: string }>(`/v1/evaluation/${evals[0]!.ID}`);
    expect(ev.ID).toBe(evals[0]!.ID);
    expect((await h.get('/v1/evaluation/nope')).status).toBe(404);
  });
});

describe('ACL endpoints with ACLs disabled', () => {
  it('returns the acls-disabled token from token/self, stdlib-encoded', async () => {
    const res = await h.get('/v1/acl/token/self');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(
      '{"ExpirationTTL":"","AccessorID":"acls-disabled","SecretID":"","Name":"ACLs disabled token","Type":"client","Policies":null,"Roles":null,"Global":false,"Hash":null,"CreateTime":"0001-01-01T00:00:00Z","CreateIndex":0,"ModifyIndex":0}',
    );
  });

  it('answers other ACL endpoints 400 ACL support disabled', async () => {
    for (const path of ['/v1/acl/policies', '/v1/acl/policy/anonymous', '/v1/acl/tokens', '/v1/acl/auth-methods']) {
      const res = await h.get(path);
      expect([path, res.status, await res.text()]).toEqual([path, 400, 'ACL support disabled']);
    }
    const wrongMethod = await h.post('/v1/acl/token/self', {});
    expect([wrongMethod.status, await wrongMethod.text()]).toEqual([405, 'Invalid method']);
    expect(h.runtime.cluster.managementToken).toBeUndefined();
    expect(h.runtime.cluster.tokens).toEqual([]);
  });
});
