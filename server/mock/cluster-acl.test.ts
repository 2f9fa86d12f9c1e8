import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXED_NOW, secretOf, startMock, type Harness } from './test-harness.ts';

let h: Harness;
let clock = FIXED_NOW;
beforeAll(async () => {
  h = await startMock({ seed: 1, acl: true, now: () => clock });
});
afterAll(() => h.close());

const as = (secret: string) => ({ 'X-Nomad-Token': secret });
const token = (name: string) => as(secretOf(h, name));

async function status(path: string, headers: Record<string, string> = {}): Promise<[number, string]> {
  const res = await h.get(path, headers);
  const body = await res.text();
  return [res.status, res.status === 200 ? 'ok' : body];
}

const DENIED: [number, string] = [403, 'Permission denied'];

describe('demo tokens', () => {
  it('exposes the management token and the restricted demo tokens, also on /__mock/tokens without a token', async () => {
    const { cluster } = h.runtime;
    expect(cluster.managementToken).toBe(secretOf(h, 'Management Token'));
    expect(cluster.tokens.map((t) => t.name)).toEqual([
      'Management Token',
      'prod read-only',
      'node reader',
      'logs reader',
      'staging operator',
    ]);
    expect(await (await h.get('/__mock/tokens')).json()).toEqual(cluster.tokens);
  });

  it('lets the management token do everything', async () => {
    const m = token('Management Token');
    for (const path of [
      '/v1/agent/self',
      '/v1/jobs?namespace=*',
      '/v1/nodes',
      '/v1/allocations?namespace=*',
      '/v1/acl/policies',
    ]) {
      expect(await status(path, m)).toEqual([200, 'ok']);
    }
    const self = (await (await h.get('/v1/agent/self', m)).json()) as { config: { ACL: { Enabled: boolean } } };
    expect(self.config.ACL.Enabled).toBe(true);
  });
});

describe('restricted tokens', () => {
  it('prod read-only: prod jobs only, namespace=* filtered to prod, nothing else', async () => {
    const t = token('prod read-only');
    expect(await status('/v1/jobs', t)).toEqual(DENIED);
    expect(await status('/v1/jobs?namespace=prod', t)).toEqual([200, 'ok']);
    const all = (await (await h.get('/v1/jobs?namespace=*', t)).json()) as { Namespace: string }[];
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map((j) => j.Namespace))).toEqual(new Set(['prod']));
    const namespaces = (await (await h.get('/v1/namespaces', t)).json()) as { Name: string }[];
    expect(namespaces.map((n) => n.Name)).toEqual(['prod']);
    expect(await status('/v1/namespace/default', t)).toEqual(DENIED);
    expect(await status('/v1/job/payments?namespace=prod', t)).toEqual([200, 'ok']);
    expect(await status('/v1/job/api-gateway', t)).toEqual(DENIED);
    expect(await status('/v1/nodes', t)).toEqual(DENIED);
    expect(await status('/v1/agent/self', t)).toEqual(DENIED);
    const allocs = (await (await h.get('/v1/allocations?namespace=*', t)).json()) as { Namespace: string }[];
    expect(new Set(allocs.map((a) => a.Namespace))).toEqual(new Set(['prod']));
  });

  it('hides an allocation of another namespace as Nomad does (500 Unknown allocation)', async () => {
    const m = token('Management Token');
    const [alloc] = (await (await h.get('/v1/allocations', m)).json()) as { ID: string }[];
    expect(await status(`/v1/allocation/${alloc!.ID}`, token('prod read-only'))).toEqual([
      500,
      `Unknown allocation "${alloc!.ID}"`,
    ]);
  });

  it('node reader: nodes yes; jobs denied even across namespaces; namespace list empty', async () => {
    const t = token('node reader');
    expect(await status('/v1/nodes', t)).toEqual([200, 'ok']);
    expect(await status('/v1/agent/members', t)).toEqual([200, 'ok']);
    expect(await status('/v1/jobs', t)).toEqual(DENIED);
    expect(await status('/v1/jobs?namespace=*', t)).toEqual(DENIED);
    expect(await (await h.get('/v1/namespaces', t)).json()).toEqual([]);
  });

  it('logs reader: default namespace jobs, nothing in prod', async () => {
    const t = token('logs reader');
    expect(await status('/v1/jobs', t)).toEqual([200, 'ok']);
    expect(await status('/v1/job/web-frontend/allocations', t)).toEqual([200, 'ok']);
    expect(await status('/v1/jobs?namespace=prod', t)).toEqual(DENIED);
  });

  it('staging operator (through an ACL role): staging, nodes and agent', async () => {
    const t = token('staging operator');
    expect(await status('/v1/jobs?namespace=staging', t)).toEqual([200, 'ok']);
    expect(await status('/v1/jobs', t)).toEqual(DENIED);
    expect(await status('/v1/nodes', t)).toEqual([200, 'ok']);
    expect(await status('/v1/agent/self', t)).toEqual([200, 'ok']);
  });

  it('lists [] for namespace=* when the token can list jobs only in a namespace that does not exist', async () => {
    const { store } = h.runtime;
    const secret = '11111111-2222-3333-4444-555555555555';
    store.commit('ACLPolicyUpserted', (txn) =>
      txn.put('acl_policy', 'qa-read', {
        CreateIndex: txn.index,
        Description: '',
        Hash: '',
        JobACL: null,
        ModifyIndex: txn.index,
        Name: 'qa-read',
        Rules: 'namespace "qa" { policy = "read" }',
        RulesJSON: null,
      }),
    );
    store.commit('ACLTokenUpserted', (txn) =>
      txn.put('acl_token', 'qa-accessor', {
        AccessorID: 'qa-accessor',
        SecretID: secret,
        Name: 'qa',
        Type: 'client',
        Policies: ['qa-read'],
        Roles: null,
        Global: false,
        Hash: null,
        CreateTime: '2025-11-21T00:00:00Z',
        ExpirationTime: undefined,
        ExpirationTTLNanos: 0n,
        CreateIndex: txn.index,
        ModifyIndex: txn.index,
      }),
    );
    const res = await h.get('/v1/jobs?namespace=*', as(secret));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
  });
});

describe('token transport and identity', () => {
  it('accepts Authorization: Bearer with any case of the scheme, trims X-Nomad-Token, ignores other schemes', async () => {
    const secret = secretOf(h, 'node reader');
    expect(await status('/v1/nodes', { Authorization: `bearer ${secret}` })).toEqual([200, 'ok']);
    expect(await status('/v1/nodes', { Authorization: `Bearer ${secret} trailing` })).toEqual([200, 'ok']);
    expect(await status('/v1/nodes', { 'X-Nomad-Token': `  ${secret}  ` })).toEqual([200, 'ok']);
    expect(await status('/v1/nodes', { Authorization: `Basic ${secret}` })).toEqual(DENIED);
  });

  it('prefers X-Nomad-Token over Authorization', async () => {
    const headers = {
      'X-Nomad-Token': secretOf(h, 'node reader'),
      Authorization: `Bearer ${h.runtime.cluster.managementToken!}`,
    };
    expect(await status('/v1/jobs', headers)).toEqual(DENIED);
    expect(await status('/v1/nodes', headers)).toEqual([200, 'ok']);
  });

  it('refuses an unknown token with 403 Permission denied everywhere it is checked', async () => {
    const unknown = as('00000000-0000-0000-0000-000000000000');
    for (const path of ['/v1/jobs', '/v1/namespaces', '/v1/acl/token/self', '/v1/agent/self']) {
      expect(await status(path, unknown)).toEqual(DENIED);
    }
  });

  it('treats a request without a token as the anonymous token, with no anonymous policy', async () => {
    const res = await h.get('/v1/acl/token/self');
    expect(await res.json()).toMatchObject({
      AccessorID: 'anonymous',
      Name: 'Anonymous Token',
      Policies: ['anonymous'],
    });
    expect(await status('/v1/jobs')).toEqual(DENIED);
    expect(await status('/v1/acl/policy/anonymous')).toEqual([404, 'ACL policy not found']);
    expect(await status('/v1/regions')).toEqual([200, 'ok']);
  });

  it("returns the caller's token from token/self, stdlib-encoded with ExpirationTTL first", async () => {
    const body = await (await h.get('/v1/acl/token/self', token('staging operator'))).text();
    expect(body.startsWith('{"ExpirationTTL":"720h0m0s","AccessorID":')).toBe(true);
    const parsed = JSON.parse(body) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'ExpirationTTL',
      'AccessorID',
      'SecretID',
      'Name',
      'Type',
      'Policies',
      'Roles',
      'Global',
      'Hash',
      'CreateTime',
      'ExpirationTime',
      'CreateIndex',
      'ModifyIndex',
    ]);
    expect(parsed).toMatchObject({ Name: 'staging operator', Policies: null, Roles: [{ Name: 'staging-operators' }] });
    const mgmt = JSON.parse(await (await h.get('/v1/acl/token/self', token('Management Token'))).text()) as object;
    expect(mgmt).not.toHaveProperty('ExpirationTime');
  });

  it('shows a client token only its own policies, with their rules', async () => {
    const t = token('prod read-only');
    const list = (await (await h.get('/v1/acl/policies', t)).json()) as { Name: string }[];
    expect(list.map((p) => p.Name)).toEqual(['prod-read']);
    const policy = (await (await h.get('/v1/acl/policy/prod-read', t)).json()) as { Rules: string };
    expect(policy.Rules).toContain('policy = "read"');
    expect(await status('/v1/acl/policy/node-read', t)).toEqual(DENIED);
    expect(await status('/v1/acl/tokens', t)).toEqual(DENIED);
  });

  it('rejects a token once it has expired', async () => {
    const t = token('staging operator');
    clock = FIXED_NOW + 31 * 86_400_000;
    try {
      expect(await status('/v1/nodes', t)).toEqual(DENIED);
    } finally {
      clock = FIXED_NOW;
    }
    expect(await status('/v1/nodes', t)).toEqual([200, 'ok']);
  });
});
