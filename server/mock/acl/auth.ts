/**
 * Resolves a request to an identity (token + compiled ACL), the way Nomad's
 * Authenticate + ResolveACL do: ACLs off → everything allowed; no token → the anonymous
 * token with the `anonymous` policy if it exists; unknown or expired token → 403
 * `Permission denied`.
 */
import type { IncomingMessage } from 'node:http';
import { permissionDenied } from '../../http/errors.ts';
import type { StateStore } from '../store.ts';
import type { ACLTokenRecord } from '../wire.ts';
import { compileAcl, MANAGEMENT_ACL, type Acl } from './acl.ts';
import { allows, type Requirement } from './capabilities.ts';
import { parsePolicy, type ParsedPolicy } from './policy.ts';
import { ACLS_DISABLED_TOKEN, ANONYMOUS_TOKEN, tokenFromRequest } from './tokens.ts';

export interface Identity {
  token: ACLTokenRecord;
  acl: Acl;
}

export class Authenticator {
  private readonly parsed = new Map<string, ParsedPolicy>();

  constructor(
    private readonly store: StateStore,
    readonly enabled: boolean,
    private readonly now: () => number,
  ) {}

  /** Throws a 403 HttpError for an unknown or expired token. */
  resolve(req: IncomingMessage): Identity {
    if (!this.enabled) return { token: ACLS_DISABLED_TOKEN, acl: MANAGEMENT_ACL };
    const secret = tokenFromRequest(req);
    if (secret === '') return { token: ANONYMOUS_TOKEN, acl: this.aclFor(ANONYMOUS_TOKEN) };
    const token = this.store.list('acl_token').find((t) => t.SecretID === secret);
    if (!token) throw permissionDenied();
    if (token.ExpirationTime !== undefined && Date.parse(token.ExpirationTime) <= this.now()) {
      throw permissionDenied();
    }
    return { token, acl: token.Type === 'management' ? MANAGEMENT_ACL : this.aclFor(token) };
  }

  /** Resolves and checks `req` in one go; throws 403 when the requirement is not met. */
  require(req: IncomingMessage, requirement: Requirement, namespace?: string): Identity {
    const identity = this.resolve(req);
    if (!allows(identity.acl, requirement, namespace)) throw permissionDenied();
    return identity;
  }

  /** The names of every policy a token holds, directly or through its roles. */
  policyNames(token: ACLTokenRecord): string[] {
    const names = new Set(token.Policies ?? []);
    for (const link of token.Roles ?? []) {
      const role = this.store.get('acl_role', link.ID);
      role?.Policies.forEach((p) => names.add(p.Name));
    }
    return [...names];
  }

  private aclFor(token: ACLTokenRecord): Acl {
    const policies: ParsedPolicy[] = [];
    for (const name of this.policyNames(token)) {
      const policy = this.store.get('acl_policy', name);
      if (!policy) continue;
      // Cache by name + index: a policy update gets a new ModifyIndex.
      const cacheKey = `${name}@${policy.ModifyIndex}`;
      let parsed = this.parsed.get(cacheKey);
      if (!parsed) {
        parsed = parsePolicy(policy.Rules);
        this.parsed.set(cacheKey, parsed);
      }
      policies.push(parsed);
    }
    return compileAcl(policies);
  }
}
