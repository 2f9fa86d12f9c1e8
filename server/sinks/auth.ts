/**
 * Token checks for the sinks API, asked of the upstream Nomad API itself (the mock over
 * loopback, or the real agent), so both modes behave the same: `GET /v1/acl/token/self`
 * with the caller's token, then the token's policies for an `operator` rule. Answers are
 * cached briefly per token (keyed by a hash; the secret itself is never logged or stored).
 *
 * Simplification: permissions granted through ACL roles are not seen (only a token's own
 * policies and management type count).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { getText, type Upstream } from './upstream.ts';

export interface Permissions {
  /** `operator:read` (or better). */
  read: boolean;
  /** Management token (or ACLs off). */
  write: boolean;
}

const ALL: Permissions = { read: true, write: true };
const NONE: Permissions = { read: false, write: false };

/** command/agent/http.go parseToken: X-Nomad-Token wins, else `Authorization: Bearer`. */
export function requestToken(req: IncomingMessage): string {
  const header = req.headers['x-nomad-token'];
  const direct = Array.isArray(header) ? header[0] : header;
  if (direct) return direct.trim();
  const auth = req.headers.authorization;
  const m = auth ? /^bearer\s+(\S+)/i.exec(auth.trim()) : null;
  return m ? m[1]! : '';
}

/** The operator level an ACL policy's rules grant (HCL `operator { policy = "read" }` or its JSON form). */
export function operatorLevel(rules: string): 'deny' | 'read' | 'write' | undefined {
  const hcl = /operator\s*\{[^}]*?policy\s*=\s*"(deny|read|write)"/.exec(rules);
  if (hcl) return hcl[1] as 'deny' | 'read' | 'write';
  const json = /"operator"\s*:\s*(?:\[\s*)?\{[^}]*?"policy"\s*:\s*"(deny|read|write)"/.exec(rules);
  return json ? (json[1] as 'deny' | 'read' | 'write') : undefined;
}

interface TokenSelf {
  AccessorID?: string;
  Type?: string;
  Policies?: string[] | null;
}

export class UpstreamAuthorizer {
  private readonly cache = new Map<string, { at: number; value: Promise<Permissions> }>();

  constructor(
    private readonly upstream: () => Promise<Upstream>,
    private readonly ttlMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  permissions(req: IncomingMessage): Promise<Permissions> {
    const token = requestToken(req);
    const key = createHash('sha256').update(token).digest('hex');
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = this.resolve(token);
    this.cache.set(key, { at: this.now(), value });
    // Failures (upstream down) are not cached.
    value.catch(() => this.cache.delete(key));
    if (this.cache.size > 1000) this.cache.delete(this.cache.keys().next().value!);
    return value;
  }

  private async resolve(token: string): Promise<Permissions> {
    const up = await this.upstream();
    const self = await getText(up, '/v1/acl/token/self', token);
    if (self.status === 400 && self.body.includes('ACL support disabled')) return ALL;
    if (self.status === 403 || self.status === 404) return NONE;
    if (self.status !== 200)
      throw new Error(`checking the token failed: HTTP ${self.status}: ${self.body.slice(0, 200)}`);
    const info = JSON.parse(self.body) as TokenSelf;
    if (info.AccessorID === 'acls-disabled' || info.Type === 'management') return ALL;
    let level: 'deny' | 'read' | 'write' | undefined;
    for (const name of info.Policies ?? []) {
      const policy = await getText(up, `/v1/acl/policy/${encodeURIComponent(name)}`, token);
      if (policy.status !== 200) continue;
      const rules = (JSON.parse(policy.body) as { Rules?: string }).Rules ?? '';
      const l = operatorLevel(rules);
      // Nomad merges policies with deny winning, then write over read.
      if (l === 'deny' || level === 'deny') level = 'deny';
      else if (l === 'write' || level === 'write') level = 'write';
      else if (l === 'read') level = 'read';
    }
    return { read: level === 'read' || level === 'write', write: false };
  }
}
