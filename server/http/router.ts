/**
 * A small path router with Go-mux-like outcomes: a known path with a method it does not
 * serve is a 405 `Invalid method`; a path nobody serves is a 404 with an empty body.
 *
 * Patterns are `/`-separated: literal segments, `:name` (one non-empty segment) and a
 * final `*name` (the rest of the path, possibly empty or containing `/`). Matching runs on
 * the percent-decoded path, as Go's `req.URL.Path` is, so a job ID such as
 * `nightly-report/periodic-1700000000` reaches `*rest` intact whether or not the client
 * encoded its slash.
 */

export type Params = Record<string, string>;

interface Route<H> {
  methods: ReadonlySet<string>;
  pattern: string;
  segments: readonly string[];
  handler: H;
}

export type RouteMatch<H> =
  | { kind: 'found'; handler: H; params: Params; pattern: string }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

export interface RouteInfo {
  methods: string[];
  pattern: string;
}

function splitPath(path: string): string[] {
  return path.split('/').slice(1);
}

/** Decodes like Go's URL.Path; a malformed escape leaves the path as sent. */
export function decodePath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(methods: string | readonly string[], pattern: string, handler: H): this {
    if (!pattern.startsWith('/')) throw new Error(`route pattern must start with "/": ${pattern}`);
    const segments = splitPath(pattern);
    segments.forEach((s, i) => {
      if (s.startsWith('*') && i !== segments.length - 1) throw new Error(`"*" must be last in ${pattern}`);
    });
    const list = typeof methods === 'string' ? [methods] : methods;
    this.routes.push({ methods: new Set(list.map((m) => m.toUpperCase())), pattern, segments, handler });
    return this;
  }

  match(method: string, path: string): RouteMatch<H> {
    const parts = splitPath(path);
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.methods.has(method.toUpperCase())) {
        return { kind: 'found', handler: route.handler, params, pattern: route.pattern };
      }
      route.methods.forEach((m) => allowed.add(m));
    }
    return allowed.size > 0 ? { kind: 'method-not-allowed', allowed: [...allowed] } : { kind: 'not-found' };
  }

  list(): RouteInfo[] {
    return this.routes.map((r) => ({ methods: [...r.methods], pattern: r.pattern }));
  }
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Params | undefined {
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const seg = pattern[i]!;
    if (seg.startsWith('*')) {
      // Like a Go mux pattern ending in "/": the slash itself must be there.
      if (parts.length <= i) return undefined;
      params[seg.slice(1)] = parts.slice(i).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.startsWith(':')) {
      if (part === '') return undefined;
      params[seg.slice(1)] = part;
    } else if (seg !== part) {
      return undefined;
    }
  }
  return parts.length === pattern.length ? params : undefined;
}
