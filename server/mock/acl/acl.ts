/**
 * A compiled ACL, as nomad acl/acl.go builds one from a token's policies: per-namespace
 * capability sets (exact names and globs), `deny` overriding everything in its set, the
 * highest level winning for agent/node/operator (with `deny` winning over all), and
 * management tokens allowed everything.
 */
import type { ParsedPolicy } from './policy.ts';

export interface Acl {
  readonly management: boolean;
  /** May the token perform `capability` in `namespace` (`*` = in any namespace)? */
  allowNsOp(namespace: string, capability: string): boolean;
  /** Does the token have any non-deny capability in `namespace`? */
  allowNamespace(namespace: string): boolean;
  allowAgentRead(): boolean;
  allowAgentWrite(): boolean;
  allowNodeRead(): boolean;
  allowNodeWrite(): boolean;
  allowOperatorRead(): boolean;
  allowOperatorWrite(): boolean;
}

function allowAll(): Acl {
  const yes = (): boolean => true;
  return {
    management: true,
    allowNsOp: yes,
    allowNamespace: yes,
    allowAgentRead: yes,
    allowAgentWrite: yes,
    allowNodeRead: yes,
    allowNodeWrite: yes,
    allowOperatorRead: yes,
    allowOperatorWrite: yes,
  };
}

/** What a management token (or a cluster without ACLs) may do: everything. */
export const MANAGEMENT_ACL: Acl = allowAll();

function maxPrivilege(a: string, b: string): string {
  for (const level of ['deny', 'write', 'read', 'list']) {
    if (a === level || b === level) return level;
  }
  return '';
}

/** ryanuber/go-glob: `*` matches any run of characters, anywhere in the pattern. */
export function globMatch(pattern: string, subject: string): boolean {
  if (pattern === '*') return true;
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

type CapabilitySet = Set<string>;

export function compileAcl(policies: readonly ParsedPolicy[]): Acl {
  const exact = new Map<string, CapabilitySet>();
  const globs = new Map<string, CapabilitySet>();
  let agent = '';
  let node = '';
  let operator = '';
  for (const policy of policies) {
    for (const ns of policy.namespaces) {
      const table = ns.name.includes('*') ? globs : exact;
      let caps = table.get(ns.name);
      if (!caps) table.set(ns.name, (caps = new Set()));
      if (caps.has('deny')) continue;
      if (ns.capabilities.includes('deny')) {
        caps.clear();
        caps.add('deny');
        continue;
      }
      ns.capabilities.forEach((c) => caps.add(c));
    }
    if (policy.agent !== undefined) agent = maxPrivilege(agent, policy.agent);
    if (policy.node !== undefined) node = maxPrivilege(node, policy.node);
    if (policy.operator !== undefined) operator = maxPrivilege(operator, policy.operator);
  }

  // iradix iterates keys in byte order; the closest glob wins, ties to the first.
  const globList = [...globs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const matching = (ns: string): CapabilitySet | undefined => {
    const found = exact.get(ns);
    if (found) return found;
    let best: { diff: number; caps: CapabilitySet } | undefined;
    for (const [pattern, caps] of globList) {
      if (!globMatch(pattern, ns)) continue;
      const diff = ns.length - pattern.length + (pattern.split('*').length - 1);
      if (!best || diff < best.diff) best = { diff, caps };
    }
    return best?.caps;
  };
  const anyNamespace = (test: (caps: CapabilitySet) => boolean): boolean =>
    [...exact.values(), ...globs.values()].some(test);
  const usable = (caps: CapabilitySet): boolean => caps.size > 0 && !caps.has('deny');
  const atLeastRead = (level: string): boolean => level === 'read' || level === 'write';

  return {
    management: false,
    allowNsOp(ns, capability) {
      if (ns === '*' && anyNamespace((c) => c.has(capability))) return true;
      return matching(ns)?.has(capability) ?? false;
    },
    allowNamespace(ns) {
      if (ns === '*' && anyNamespace(usable)) return true;
      const caps = matching(ns);
      return caps !== undefined && usable(caps);
    },
    allowAgentRead: () => atLeastRead(agent),
    allowAgentWrite: () => agent === 'write',
    allowNodeRead: () => atLeastRead(node),
    allowNodeWrite: () => node === 'write',
    allowOperatorRead: () => atLeastRead(operator),
    allowOperatorWrite: () => operator === 'write',
  };
}
