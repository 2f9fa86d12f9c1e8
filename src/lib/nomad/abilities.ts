/**
 * What the current token may do, derived from its policies the way Nomad's `acl/acl.go`
 * combines them: per-namespace capability sets (exact names before globs, the closest
 * glob winning), `deny` overriding everything, the highest level winning for node/agent/
 * operator with `deny` above all, and management tokens (and ACLs off) allowed everything.
 */
import type { PolicyRules } from './acl-rules.ts';
import { describeMissing, type RequiredCapability } from './capabilities.ts';

export type Abilities =
  /** ACLs off or a management token. */
  | { kind: 'all'; tokenName: string }
  | { kind: 'derived'; tokenName: string; policies: PolicyRules[] }
  /** The policies could not be read: let the server decide, and show its answer. */
  | { kind: 'unknown'; tokenName: string; why: string };

/** A capability to check: a namespace capability (any of several), or a global level. */
export type Need =
  { namespace: string; anyOf: readonly string[] } | { global: 'node' | 'agent' | 'operator'; level: 'read' | 'write' };

export interface Verdict {
  allowed: boolean;
  /** Why not, as a sentence for a disabled button's description. */
  reason?: string;
}

/** ryanuber/go-glob: `*` matches any run of characters. */
export function globMatch(pattern: string, subject: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === subject;
  if (!subject.startsWith(parts[0]!)) return false;
  let rest = subject.slice(parts[0]!.length);
  for (let i = 1; i < parts.length - 1; i++) {
    const at = rest.indexOf(parts[i]!);
    if (at < 0) return false;
    rest = rest.slice(at + parts[i]!.length);
  }
  return rest.endsWith(parts[parts.length - 1]!);
}

function namespaceCapabilities(policies: readonly PolicyRules[], namespace: string): Set<string> {
  const exact = new Map<string, Set<string>>();
  const globs = new Map<string, Set<string>>();
  for (const policy of policies) {
    for (const rule of policy.namespaces) {
      const table = rule.name.includes('*') ? globs : exact;
      let caps = table.get(rule.name);
      if (!caps) table.set(rule.name, (caps = new Set()));
      if (caps.has('deny')) continue;
      if (rule.capabilities.includes('deny')) {
        caps.clear();
        caps.add('deny');
      } else rule.capabilities.forEach((c) => caps.add(c));
    }
  }
  const found = exact.get(namespace);
  if (found) return found;
  let best: { diff: number; caps: Set<string> } | undefined;
  for (const [pattern, caps] of [...globs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!globMatch(pattern, namespace)) continue;
    const diff = namespace.length - pattern.replaceAll('*', '').length;
    if (!best || diff < best.diff) best = { diff, caps };
  }
  return best?.caps ?? new Set();
}

function globalLevel(policies: readonly PolicyRules[], key: 'node' | 'agent' | 'operator'): string {
  const levels = policies.map((p) => p[key]).filter((l): l is string => !!l);
  for (const level of ['deny', 'write', 'read']) if (levels.includes(level)) return level;
  return '';
}

function missing(need: Need): RequiredCapability {
  if ('namespace' in need) {
    const [first, ...rest] = need.anyOf;
    return { capability: first ?? '', scope: 'namespace', namespace: need.namespace, also: rest[0] };
  }
  return { capability: `${need.global}:${need.level}`, scope: 'global' };
}

/** May the token do `need`? `unknown` abilities allow it: the server is the judge. */
export function check(abilities: Abilities | undefined, need: Need): Verdict {
  if (!abilities || abilities.kind !== 'derived') return { allowed: true };
  let allowed: boolean;
  if ('namespace' in need) {
    const caps = namespaceCapabilities(abilities.policies, need.namespace);
    allowed = !caps.has('deny') && need.anyOf.some((c) => caps.has(c));
  } else {
    const level = globalLevel(abilities.policies, need.global);
    allowed = need.level === 'read' ? level === 'read' || level === 'write' : level === 'write';
  }
  if (allowed) return { allowed };
  const who = abilities.tokenName ? `The token "${abilities.tokenName}"` : 'This token';
  return { allowed, reason: `${describeMissing(missing(need)).replace(/^this token/, who)}.` };
}
