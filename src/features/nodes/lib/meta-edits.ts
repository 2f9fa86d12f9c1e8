/** A batch of dynamic-metadata edits, its diff against the node, and whether the servers see it yet. */
import type { NodeMetadata } from '@/lib/nomad/types.ts';

/** `null` unsets the key (Nomad's semantics for `POST /v1/client/metadata`). */
export type MetaEdits = Readonly<Record<string, string | null>>;

export interface MetaChange {
  key: string;
  /** The effective value now; undefined when the key is not set. */
  before: string | undefined;
  after: string | null;
  /** A static (agent configuration) key: unsetting it leaves `key: null` in Dynamic so it stays unset. */
  isStatic: boolean;
}

/** The edits that would change something, sorted by key. */
export function diffMeta(current: NodeMetadata, edits: MetaEdits): MetaChange[] {
  const meta = current.Meta ?? {};
  const dynamic = current.Dynamic ?? {};
  const staticMeta = current.Static ?? {};
  return Object.entries(edits)
    .filter(([key, after]) => {
      if (after === null) return key in meta || key in dynamic;
      return meta[key] !== after;
    })
    .map(([key, after]) => ({ key, before: meta[key], after, isStatic: key in staticMeta }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Has the Node object (what schedulers read) caught up with the applied changes? */
export function isPropagated(
  nodeMeta: Readonly<Record<string, string>> | null | undefined,
  changes: readonly MetaChange[],
): boolean {
  const meta = nodeMeta ?? {};
  return changes.every((c) => (c.after === null ? !(c.key in meta) : meta[c.key] === c.after));
}
