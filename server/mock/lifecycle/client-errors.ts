/**
 * The errors of client-routed endpoints (nomad-api.md §3.5) and how a request reaches the
 * client that holds an allocation: the server looks the allocation up (`getAlloc`), then the
 * node (`getNodeForRpc`), then needs a connection to it; the client then needs an alloc
 * runner. Each step has its own text; `Unknown allocation`, `Unknown node` and
 * `No path to node` become 404s in the HTTP layer (command/agent/helpers.go).
 */
import { HttpError } from '../../http/errors.ts';
import type { StateStore } from '../store.ts';
import { parseUuidIndex } from '../uuid-index.ts';
import type { AllocationWire, NodeRecord } from '../wire.ts';

export const NO_PATH_TO_NODE = 'No path to node';

export function allocLookupFailed(err: unknown): Error {
  return new Error(`alloc lookup failed: ${err instanceof Error ? err.message : String(err)}`);
}

/** `structs.NewErrUnknownAllocation`, mapped to 404 by the client-alloc HTTP helpers. */
export function unknownAllocation(id: string): HttpError {
  return new HttpError(404, `Unknown allocation "${id}"`);
}

/** Validates the ID as memdb's UUID index does and finds the allocation, or throws. */
export function findAlloc(store: StateStore, id: string): AllocationWire | undefined {
  try {
    parseUuidIndex(id, true);
  } catch (err) {
    throw allocLookupFailed(err);
  }
  return store.get('allocs', id.toLowerCase());
}

/** `getNodeForRpc` + the node connection lookup: the node must exist and be connected. */
export function reachableNode(store: StateStore, nodeId: string): NodeRecord {
  const node = store.get('nodes', nodeId);
  if (!node) throw new HttpError(404, `Unknown node ${nodeId}`);
  if (node.Status !== 'ready' && node.Status !== 'initializing') throw new HttpError(404, NO_PATH_TO_NODE);
  return node;
}

/** hashicorp/go-multierror's default format, which Nomad returns as is. */
export function multiErrorText(messages: readonly string[]): string {
  if (messages.length === 1) return `1 error occurred:\n\t* ${messages[0]}\n\n`;
  return `${messages.length} errors occurred:\n\t${messages.map((m) => `* ${m}`).join('\n\t')}\n\n`;
}
