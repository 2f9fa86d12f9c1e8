/**
 * Dynamic node metadata as a Nomad client keeps it (client/meta_endpoint.go): the static
 * metadata from the agent's configuration, the dynamic overrides set through the API, and the
 * effective `Meta` merged from both. An apply answers at once with the client's view; the
 * servers' Node object (and a `NodeRegistration` event, from the client's re-registration)
 * follows after a propagation delay, several applies in that window going out as one update.
 */
import { createHash } from 'node:crypto';
import type { MockDeps } from '../http-kit.ts';
import type { ScopedTimers } from '../lifecycle/scoped-timers.ts';
import type { NodeRecord } from '../wire.ts';

/**
 * Node.ComputeClass hashes the scheduling-relevant fields, Meta included (keys under
 * `unique.` excepted), so new metadata gives the node a new computed class.
 */
function computedClass(node: NodeRecord, meta: Record<string, string>): string {
  const relevant = Object.keys(meta)
    .filter((k) => !k.startsWith('unique.'))
    .sort()
    .map((k) => `${k}=${meta[k]}`);
  const digest = createHash('sha256')
    .update(`${node.NodeClass}/${node.Datacenter}/${node.NodePool}/${relevant.join(',')}`)
    .digest('hex');
  return `v1:${BigInt(`0x${digest.slice(0, 16)}`)}`;
}

export interface NodeMetaResponse {
  Dynamic: Record<string, string | null> | null;
  Meta: Record<string, string>;
  Static: Record<string, string>;
}

interface ClientMeta {
  static: Record<string, string>;
  /** null until something was ever set, as a client with no stored dynamic metadata. */
  dynamic: Record<string, string | null> | null;
  /** The client's in-memory `Node.Meta`: what the servers will get on the next update. */
  effective: Record<string, string>;
}

export class NodeMetadata {
  private readonly clients = new Map<string, ClientMeta>();
  private readonly pending = new Set<string>();

  constructor(
    private readonly deps: MockDeps,
    private readonly timers: ScopedTimers,
    readonly propagationMs: number,
  ) {
    deps.store.subscribe((commit) => {
      if (commit.type === 'MockReset') {
        this.clients.clear();
        this.pending.clear();
      }
    });
  }

  read(node: NodeRecord): NodeMetaResponse {
    return this.response(this.client(node));
  }

  /** Applies a validated request: string values set, `null` unsets. */
  apply(node: NodeRecord, meta: Record<string, string | null>): NodeMetaResponse {
    const c = this.client(node);
    const dynamic = { ...(c.dynamic ?? {}), ...meta };
    for (const [key, value] of Object.entries(meta)) {
      // A static key's removal must be remembered (as null); a dynamic-only key just goes.
      if (value === null && !(key in c.static)) delete dynamic[key];
    }
    c.dynamic = dynamic;
    const effective = { ...c.effective };
    for (const [key, value] of Object.entries(meta)) {
      if (value === null) delete effective[key];
      else effective[key] = value;
    }
    c.effective = effective;
    this.schedulePush(node.ID);
    return this.response(c);
  }

  private client(node: NodeRecord): ClientMeta {
    let c = this.clients.get(node.ID);
    if (!c) {
      // The node's Meta as first seen is its agent configuration.
      const initial = { ...(node.Meta ?? {}) };
      c = { static: initial, dynamic: null, effective: { ...initial } };
      this.clients.set(node.ID, c);
    }
    return c;
  }

  private response(c: ClientMeta): NodeMetaResponse {
    return { Dynamic: c.dynamic ? { ...c.dynamic } : null, Meta: { ...c.effective }, Static: { ...c.static } };
  }

  private schedulePush(nodeId: string): void {
    if (this.pending.has(nodeId)) return;
    this.pending.add(nodeId);
    this.timers.after(this.propagationMs, () => {
      this.pending.delete(nodeId);
      const c = this.clients.get(nodeId);
      const node = this.deps.store.get('nodes', nodeId);
      if (!c || !node) return;
      this.deps.store.commit('NodeRegistration', (txn) => {
        const current = txn.get('nodes', nodeId);
        if (!current) return;
        const meta = { ...c.effective };
        txn.put('nodes', nodeId, {
          ...current,
          Meta: meta,
          ComputedClass: computedClass(current, meta),
          ModifyIndex: txn.index,
        });
      });
    });
  }
}
