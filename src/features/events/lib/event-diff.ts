/**
 * What changed between two payloads of the same object (same Topic and Key), as a flat list
 * of paths such as `Allocation.TaskStates.web.State` (`""` is the payload itself).
 *
 * Decisions:
 * - Bookkeeping keys (`ModifyIndex`, `ModifyTime`, `AllocModifyIndex`) change on nearly every
 *   event and would bury the real change. They are not dropped: such changes are flagged
 *   `noise: true` and kept apart (`DiffResult.noise`, listed last by `diffPayloads`), so a
 *   view can show them collapsed.
 * - Arrays are matched by `ID`, else `Name`, when every element on both sides is an object
 *   with a unique string value for that key (paths then read `TaskGroups[Name=web]`);
 *   otherwise by index. An element added in the middle of an un-keyed array therefore shows
 *   as a run of changes, which is honest about what index-based consumers will see.
 * - Bounded: at most `maxChanges` meaningful changes (and as many noise changes) are
 *   collected; the walk stops once the meaningful list is full and `truncated` says so. Below `maxDepth` a differing
 *   subtree is reported as one change holding both whole values.
 */

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface Change {
  path: string;
  kind: ChangeKind;
  before?: unknown;
  after?: unknown;
  /** Set on bookkeeping keys (see NOISE_KEYS): real, but rarely what the reader is after. */
  noise?: true;
}

export interface DiffOptions {
  /** Meaningful changes to collect before stopping (noise has its own equal cap). Default 200. */
  maxChanges?: number;
  /** Nesting levels to descend; deeper differing subtrees become one change. Default 16. */
  maxDepth?: number;
  /** Keys whose changes are flagged as noise, at any depth. Default NOISE_KEYS. */
  noiseKeys?: ReadonlySet<string>;
}

export interface DiffResult {
  /** Meaningful changes, in document order. */
  changes: Change[];
  /** Changes to bookkeeping keys, each flagged `noise: true`. */
  noise: Change[];
  /** True when a cap was reached: more changes exist than were listed. */
  truncated: boolean;
}

export const NOISE_KEYS: ReadonlySet<string> = new Set(['ModifyIndex', 'ModifyTime', 'AllocModifyIndex']);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality of JSON-like values; `limit` guards against cycles in non-JSON input. */
function deepEqual(a: unknown, b: unknown, limit = 64): boolean {
  if (Object.is(a, b)) return true;
  if (limit === 0 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i], limit - 1));
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Obj)[k], (b as Obj)[k], limit - 1));
}

const IDENT = /^[A-Za-z_$][\w$-]*$/;

function childPath(parent: string, key: string): string {
  const seg = IDENT.test(key) ? key : JSON.stringify(key);
  if (parent === '') return IDENT.test(key) ? key : `[${seg}]`;
  return IDENT.test(key) ? `${parent}.${key}` : `${parent}[${seg}]`;
}

/** The key that identifies elements of both arrays, when there is one. */
function arrayKey(a: unknown[], b: unknown[]): 'ID' | 'Name' | undefined {
  if (a.length === 0 && b.length === 0) return undefined;
  for (const key of ['ID', 'Name'] as const) {
    const ok = [a, b].every((arr) => {
      const seen = new Set<string>();
      for (const el of arr) {
        const id = isObj(el) ? el[key] : undefined;
        if (typeof id !== 'string' || seen.has(id)) return false;
        seen.add(id);
      }
      return true;
    });
    if (ok) return key;
  }
  return undefined;
}

class Walker {
  readonly result: DiffResult = { changes: [], noise: [], truncated: false };
  private readonly max: number;
  private readonly maxDepth: number;
  private readonly noiseKeys: ReadonlySet<string>;

  constructor(options: DiffOptions) {
    this.max = Math.max(0, options.maxChanges ?? 200);
    this.maxDepth = Math.max(0, options.maxDepth ?? 16);
    this.noiseKeys = options.noiseKeys ?? NOISE_KEYS;
  }

  /** Set once the meaningful list overflows; a full noise list alone does not stop the walk. */
  private full = false;

  private push(change: Change, noise: boolean): void {
    const list = noise ? this.result.noise : this.result.changes;
    if (list.length >= this.max) {
      this.result.truncated = true;
      if (!noise) this.full = true;
      return;
    }
    list.push(noise ? { ...change, noise: true } : change);
  }

  walk(prev: unknown, next: unknown, path: string, depth: number, noise: boolean): void {
    if (this.full || Object.is(prev, next)) return;
    if (prev === undefined) return this.push({ path, kind: 'added', after: next }, noise);
    if (next === undefined) return this.push({ path, kind: 'removed', before: prev }, noise);

    const bothArrays = Array.isArray(prev) && Array.isArray(next);
    const bothObjects = isObj(prev) && isObj(next);
    if (!bothArrays && !bothObjects) return this.push({ path, kind: 'changed', before: prev, after: next }, noise);
    if (depth >= this.maxDepth) {
      if (!deepEqual(prev, next)) this.push({ path, kind: 'changed', before: prev, after: next }, noise);
      return;
    }
    if (bothArrays) return this.walkArrays(prev as unknown[], next as unknown[], path, depth, noise);

    const a = prev as Obj;
    const b = next as Obj;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      if (this.full) return;
      const before = Object.hasOwn(a, key) ? a[key] : undefined;
      const after = Object.hasOwn(b, key) ? b[key] : undefined;
      this.walk(before, after, childPath(path, key), depth + 1, noise || this.noiseKeys.has(key));
    }
  }

  private walkArrays(a: unknown[], b: unknown[], path: string, depth: number, noise: boolean): void {
    const key = arrayKey(a, b);
    if (!key) {
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n && !this.full; i++) this.walk(a[i], b[i], `${path}[${i}]`, depth + 1, noise);
      return;
    }
    const byKey = (arr: unknown[]) => new Map(arr.map((el) => [(el as Obj)[key] as string, el]));
    const before = byKey(a);
    const after = byKey(b);
    for (const id of new Set([...before.keys(), ...after.keys()])) {
      if (this.full) return;
      this.walk(before.get(id), after.get(id), `${path}[${key}=${id}]`, depth + 1, noise);
    }
  }
}

/** Full result: meaningful changes, noise apart, and whether a cap cut the walk short. */
export function diffPayloadsDetailed(prev: unknown, next: unknown, options: DiffOptions = {}): DiffResult {
  const walker = new Walker(options);
  walker.walk(prev, next, '', 0, false);
  return walker.result;
}

/**
 * Changes from `prev` to `next`: meaningful ones first, then noise (flagged `noise: true`).
 * Capped; use `diffPayloadsDetailed` to learn whether the list was truncated.
 */
export function diffPayloads(prev: unknown, next: unknown, options?: DiffOptions): Change[] {
  const { changes, noise } = diffPayloadsDetailed(prev, next, options);
  return [...changes, ...noise];
}

/** A change's value on one line for display: compact JSON, cut at `max` characters; `—` for absent. */
export function formatChangeValue(v: unknown, max = 120): string {
  if (v === undefined) return '—';
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = String(v); // cycles or BigInt: not JSON, still shown
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
