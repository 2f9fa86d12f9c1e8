/**
 * Namespace scoping of list endpoints, as Nomad's `allowedNSes` + NamespaceFilter do:
 * a management token sees every namespace; another token only the existing namespaces
 * where it holds the capability. `namespace=*` then lists across those.
 */
import type { Acl } from '../acl/acl.ts';
import type { StateStore } from '../store.ts';

export type NamespaceScope = { all: true } | { all: false; names: ReadonlySet<string> };

export function permittedNamespaces(store: StateStore, acl: Acl, capability: string): NamespaceScope {
  if (acl.management) return { all: true };
  const names = store
    .list('namespaces')
    .map((ns) => ns.Name)
    .filter((name) => acl.allowNsOp(name, capability));
  return { all: false, names: new Set(names) };
}

/** Is an object in `namespace` part of a listing for `requested` (`*` = all) under `scope`? */
export function inScope(namespace: string, requested: string, scope: NamespaceScope): boolean {
  if (requested !== '*' && namespace !== requested) return false;
  return scope.all || scope.names.has(namespace);
}

/** An empty scope means "no permission anywhere": Nomad answers `[]` rather than 403. */
export function isEmptyScope(scope: NamespaceScope): boolean {
  return !scope.all && scope.names.size === 0;
}
