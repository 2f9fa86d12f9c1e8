/**
 * ACL tokens: the built-in ones, how a request carries its token, and how a token is
 * encoded (Go's encoding/json via ACLToken.MarshalJSON — not go-msgpack).
 */
import type { IncomingMessage } from 'node:http';
import { formatGoDuration } from '../../http/duration.ts';
import { GO_ZERO_TIME } from '../../http/go-time.ts';
import { goStdlib, type GoStdlibJson } from '../../http/json.ts';
import type { ACLTokenRecord } from '../wire.ts';

function builtin(accessorId: string, name: string, policies: string[] | null): ACLTokenRecord {
  return {
    AccessorID: accessorId,
    SecretID: '',
    Name: name,
    Type: 'client',
    Policies: policies,
    Roles: null,
    Global: false,
    Hash: null,
    CreateTime: GO_ZERO_TIME,
    ExpirationTime: undefined,
    ExpirationTTLNanos: 0n,
    CreateIndex: 0,
    ModifyIndex: 0,
  };
}

/** structs.ACLsDisabledToken: what `/v1/acl/token/self` returns when ACLs are off. */
export const ACLS_DISABLED_TOKEN = builtin('acls-disabled', 'ACLs disabled token', null);

/** structs.AnonymousACLToken: the identity of a request without a token. */
export const ANONYMOUS_TOKEN = builtin('anonymous', 'Anonymous Token', ['anonymous']);

/**
 * The token a request carries (command/agent/http.go parseToken): `X-Nomad-Token`
 * (trimmed) wins; otherwise `Authorization: Bearer <t>` with a case-insensitive scheme,
 * using the first whitespace-separated word. Never from the query string.
 */
export function tokenFromRequest(req: IncomingMessage): string {
  const header = req.headers['x-nomad-token'];
  const direct = Array.isArray(header) ? header[0] : header;
  if (direct) return direct.trim();
  const auth = req.headers.authorization;
  if (auth) {
    const parts = auth.split(' ');
    if (parts.length > 1 && parts[0]!.toLowerCase() === 'bearer') {
      const value = parts.slice(1).join(' ').trim();
      return (value.split(' ')[0] ?? '').trim();
    }
  }
  return '';
}

/**
 * ACLToken.MarshalJSON: an anonymous struct with `ExpirationTTL string` first, then the
 * embedded token in declaration order; `ExpirationTime` is omitempty; a zero TTL is "".
 */
export function aclTokenJson(token: ACLTokenRecord, withSecret = true): GoStdlibJson {
  return goStdlib({
    ExpirationTTL: token.ExpirationTTLNanos === 0n ? '' : formatGoDuration(token.ExpirationTTLNanos),
    AccessorID: token.AccessorID,
    SecretID: withSecret ? token.SecretID : '',
    Name: token.Name,
    Type: token.Type,
    Policies: token.Policies,
    Roles: token.Roles?.map((r) => ({ ID: r.ID, Name: r.Name })) ?? null,
    Global: token.Global,
    Hash: token.Hash,
    CreateTime: token.CreateTime,
    ExpirationTime: token.ExpirationTime,
    CreateIndex: token.CreateIndex,
    ModifyIndex: token.ModifyIndex,
  });
}
