/**
 * ACL endpoints (command/agent/acl_endpoint.go, nomad/acl_endpoint.go). With ACLs off,
 * `token/self` still answers (the `acls-disabled` token); every other `/v1/acl/*` RPC
 * fails with 400 `ACL support disabled`.
 */
import { badRequest, invalidMethod, notFound, permissionDenied } from '../../http/errors.ts';
import { aclTokenJson } from '../acl/tokens.ts';
import { blocking, query, sendJson, type Exchange, type MockDeps, type RouteDef } from '../http-kit.ts';
import type { ACLTokenRecord } from '../wire.ts';

export function aclRoutes(deps: MockDeps): RouteDef[] {
  const { store, auth } = deps;
  const requireEnabled = (): void => {
    if (!deps.aclEnabled) throw badRequest('ACL support disabled');
  };

  const tokenSelf = (ex: Exchange): void => {
    query(ex);
    const { token } = auth.resolve(ex.req);
    ex.res.setHeader('X-Nomad-Index', String(Math.max(1, store.tableIndex('acl_token'))));
    ex.res.setHeader('X-Nomad-LastContact', '0');
    ex.res.setHeader('X-Nomad-KnownLeader', 'true');
    sendJson(ex, aclTokenJson(token));
  };

  const listPolicies = async (ex: Exchange): Promise<void> => {
    requireEnabled();
    const q = query(ex);
    const { token, acl } = auth.resolve(ex.req);
    const visible = acl.management ? undefined : new Set(auth.policyNames(token));
    const result = await blocking(deps, ex, q, ['acl_policy'], () => ({
      index: store.tableIndex('acl_policy'),
      value: store
        .list('acl_policy')
        .filter((p) => p.Name.startsWith(q.prefix) && (!visible || visible.has(p.Name)))
        .map((p) => ({
          CreateIndex: p.CreateIndex,
          Description: p.Description,
          Hash: p.Hash,
          JobACL: p.JobACL,
          ModifyIndex: p.ModifyIndex,
          Name: p.Name,
        })),
    }));
    if (result) sendJson(ex, result.value);
  };

  const getPolicy = async (ex: Exchange): Promise<void> => {
    const name = ex.params.name ?? '';
    if (name === '') throw badRequest('Missing Policy Name');
    requireEnabled();
    const q = query(ex);
    const { token, acl } = auth.resolve(ex.req);
    // A client token may read the policies it holds (the UI reads `anonymous` this way).
    if (!acl.management && !auth.policyNames(token).includes(name)) throw permissionDenied();
    const result = await blocking(deps, ex, q, ['acl_policy'], () => {
      const policy = store.get('acl_policy', name);
      return { index: policy?.ModifyIndex ?? store.tableIndex('acl_policy'), value: policy };
    });
    if (!result) return;
    if (!result.value) throw notFound('ACL policy not found');
    sendJson(ex, result.value);
  };

  const requireManagement = (ex: Exchange): void => {
    requireEnabled();
    if (!auth.resolve(ex.req).acl.management) throw permissionDenied();
  };

  const listTokens = async (ex: Exchange): Promise<void> => {
    const q = query(ex);
    requireManagement(ex);
    const result = await blocking(deps, ex, q, ['acl_token'], () => ({
      index: store.tableIndex('acl_token'),
      value: store.list('acl_token').map(tokenStub),
    }));
    if (result) sendJson(ex, result.value);
  };

  const listRoles = async (ex: Exchange): Promise<void> => {
    requireEnabled();
    const q = query(ex);
    const { token, acl } = auth.resolve(ex.req);
    const mine = new Set((token.Roles ?? []).map((r) => r.ID));
    const result = await blocking(deps, ex, q, ['acl_role'], () => ({
      index: store.tableIndex('acl_role'),
      value: store.list('acl_role').filter((r) => acl.management || mine.has(r.ID)),
    }));
    if (result) sendJson(ex, result.value);
  };

  return [
    { methods: 'GET', pattern: '/v1/acl/token/self', handler: tokenSelf },
    { methods: 'GET', pattern: '/v1/acl/policies', handler: listPolicies },
    { methods: 'GET', pattern: '/v1/acl/policy/*name', handler: getPolicy },
    { methods: 'GET', pattern: '/v1/acl/tokens', handler: listTokens },
    { methods: 'GET', pattern: '/v1/acl/roles', handler: listRoles },
    {
      // Every other ACL RPC: refused while ACLs are off; not simulated otherwise. The
      // paths served above are reached here only with another method: Nomad's 405.
      methods: ['GET', 'PUT', 'POST', 'DELETE'],
      pattern: '/v1/acl/*rest',
      handler: (ex) => {
        const rest = ex.params.rest ?? '';
        if (['token/self', 'policies', 'tokens', 'roles'].includes(rest) || rest.startsWith('policy/')) {
          throw invalidMethod();
        }
        requireEnabled();
        throw notFound('');
      },
    },
  ];
}

/** structs.ACLTokenListStub (go-msgpack encoded: sorted keys, nil expiration → null). */
function tokenStub(t: ACLTokenRecord) {
  return {
    AccessorID: t.AccessorID,
    CreateIndex: t.CreateIndex,
    CreateTime: t.CreateTime,
    ExpirationTime: t.ExpirationTime ?? null,
    Global: t.Global,
    Hash: t.Hash,
    ModifyIndex: t.ModifyIndex,
    Name: t.Name,
    Policies: t.Policies,
    Roles: t.Roles,
    Type: t.Type,
  };
}
