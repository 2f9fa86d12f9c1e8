/**
 * Which ACL capability a request needs, so a 403 can name what is missing.
 *
 * Nomad answers every denial with the bare text `Permission denied`; users then cannot
 * tell which of a page's many requests failed or what to ask their operator for
 * (nomad#12217, nomad#26866). This table is the one place that maps an endpoint to the
 * capability Nomad checks for it (`nomad/*_endpoint.go`, `command/agent/*_endpoint.go`).
 */

export type CapabilityScope =
  /** A namespace capability such as `read-job`, checked in the request's namespace. */
  | 'namespace'
  /** A global policy such as `node:read` or `agent:read`. */
  | 'global'
  /** Only a management token may do this. */
  | 'management'
  /** The endpoint only needs a valid token: a 403 means the token itself was refused. */
  | 'token';

export interface RequiredCapability {
  capability: string;
  scope: CapabilityScope;
  /** For namespace capabilities: the namespace the request was made in. */
  namespace?: string;
  /** A second capability named after the first (`… or the "x" capability`): event stream with Node + job topics, alloc GC. */
  also?: string;
}

type Resolver = (query: URLSearchParams) => Omit<RequiredCapability, 'namespace'>;

interface Rule {
  methods: readonly string[];
  pattern: RegExp;
  need: Omit<RequiredCapability, 'namespace'> | Resolver;
}

const GET = ['GET', 'HEAD'] as const;
const WRITE = ['POST', 'PUT'] as const;
const ns = (capability: string) => ({ capability, scope: 'namespace' as const });
const globalCap = (capability: string) => ({ capability, scope: 'global' as const });
const MANAGEMENT = { capability: 'management', scope: 'management' as const };

/** Topics readable with namespace `read-job`; everything else needs more (validateNsOp). */
const JOB_TOPICS = new Set(['Job', 'Evaluation', 'Allocation', 'Deployment', 'Service']);

function eventStreamNeed(query: URLSearchParams): Omit<RequiredCapability, 'namespace'> {
  const topics = query.getAll('topic').map((t) => t.split(':')[0] ?? t);
  // No topic means every topic, which (like `*` and the ACL/NodePool topics) needs management.
  if (topics.length === 0 || topics.some((t) => t === '*')) return MANAGEMENT;
  if (topics.every((t) => JOB_TOPICS.has(t))) return ns('read-job');
  if (topics.every((t) => t === 'Node')) return globalCap('node:read');
  if (topics.every((t) => JOB_TOPICS.has(t) || t === 'Node')) {
    return { ...ns('read-job'), also: 'node:read' };
  }
  return MANAGEMENT;
}

// First match wins, so specific paths come before the general ones they share a prefix with.
const RULES: readonly Rule[] = [
  { methods: GET, pattern: /^\/v1\/jobs$/, need: ns('list-jobs') },
  { methods: ['GET', 'POST'], pattern: /^\/v1\/jobs\/statuses$/, need: ns('read-job') },
  { methods: WRITE, pattern: /^\/v1\/jobs$/, need: ns('submit-job') },
  { methods: WRITE, pattern: /^\/v1\/jobs\/parse$/, need: ns('parse-job') },
  { methods: WRITE, pattern: /^\/v1\/job\/[^/]+\/dispatch$/, need: ns('dispatch-job') },
  { methods: WRITE, pattern: /^\/v1\/job\/[^/]+\/scale$/, need: ns('scale-job') },
  { methods: WRITE, pattern: /^\/v1\/job\/[^/]+(\/.*)?$/, need: ns('submit-job') },
  { methods: ['DELETE'], pattern: /^\/v1\/job\/[^/]+$/, need: ns('submit-job') },
  { methods: GET, pattern: /^\/v1\/job\/[^/]+(\/.*)?$/, need: ns('read-job') },
  { methods: GET, pattern: /^\/v1\/(allocations|evaluations|deployments)$/, need: ns('read-job') },
  { methods: GET, pattern: /^\/v1\/(allocation|evaluation|deployment)\/[^/]+(\/.*)?$/, need: ns('read-job') },
  { methods: WRITE, pattern: /^\/v1\/allocation\/[^/]+\/stop$/, need: ns('alloc-lifecycle') },
  { methods: ['GET', 'POST', 'PUT'], pattern: /^\/v1\/client\/allocation\/[^/]+\/exec$/, need: ns('alloc-exec') },
  {
    methods: ['GET', 'POST', 'PUT'],
    pattern: /^\/v1\/client\/allocation\/[^/]+\/(restart|signal)$/,
    need: ns('alloc-lifecycle'),
  },
  // GC of one allocation: either capability will do (client/alloc_endpoint.go).
  {
    methods: ['GET', 'POST', 'PUT'],
    pattern: /^\/v1\/client\/allocation\/[^/]+\/gc$/,
    need: { ...ns('submit-job'), also: 'gc-allocation' },
  },
  { methods: ['GET', 'POST', 'PUT'], pattern: /^\/v1\/client\/gc$/, need: globalCap('node:write') },
  { methods: GET, pattern: /^\/v1\/client\/allocation\/[^/]+\/(stats|checks)$/, need: ns('read-job') },
  { methods: GET, pattern: /^\/v1\/client\/fs\/logs\//, need: ns('read-logs') },
  { methods: GET, pattern: /^\/v1\/client\/fs\//, need: ns('read-fs') },
  { methods: GET, pattern: /^\/v1\/client\/metadata$/, need: globalCap('node:read') },
  { methods: WRITE, pattern: /^\/v1\/client\/metadata$/, need: globalCap('node:write') },
  { methods: GET, pattern: /^\/v1\/client\/stats$/, need: globalCap('node:read') },
  { methods: GET, pattern: /^\/v1\/nodes$/, need: globalCap('node:read') },
  { methods: GET, pattern: /^\/v1\/node\/[^/]+(\/.*)?$/, need: globalCap('node:read') },
  { methods: WRITE, pattern: /^\/v1\/node\/[^/]+(\/.*)?$/, need: globalCap('node:write') },
  { methods: GET, pattern: /^\/v1\/agent\/members$/, need: globalCap('node:read') },
  { methods: GET, pattern: /^\/v1\/agent\/(self|health|host|monitor)$/, need: globalCap('agent:read') },
  { methods: GET, pattern: /^\/v1\/event\/stream$/, need: eventStreamNeed },
  { methods: GET, pattern: /^\/v1\/acl\/token\/self$/, need: { capability: 'a valid token', scope: 'token' } },
  // A token may read the policies attached to it; any other policy needs management.
  { methods: GET, pattern: /^\/v1\/acl\/policy\/[^/]+$/, need: MANAGEMENT },
  { methods: ['GET', 'POST', 'PUT', 'DELETE'], pattern: /^\/v1\/acl\//, need: MANAGEMENT },
  { methods: GET, pattern: /^\/v1\/operator\//, need: globalCap('operator:read') },
  { methods: ['POST', 'PUT', 'DELETE'], pattern: /^\/v1\/operator\//, need: globalCap('operator:write') },
  { methods: GET, pattern: /^\/v1\/vars?(\/.*)?$/, need: ns('variables read') },
];

/**
 * The capability a request needs, or undefined when the table has no entry for it.
 * `namespace` is the namespace the request ran in (Nomad's default is `default`).
 */
export function requiredCapability(
  method: string,
  path: string,
  query: URLSearchParams = new URLSearchParams(),
): RequiredCapability | undefined {
  const m = method.toUpperCase();
  const rule = RULES.find((r) => r.methods.includes(m) && r.pattern.test(path));
  if (!rule) return undefined;
  const need = typeof rule.need === 'function' ? rule.need(query) : rule.need;
  if (need.scope !== 'namespace') return { ...need };
  return { ...need, namespace: query.get('namespace') || 'default' };
}

/** The missing-capability half of a 403 message: `this token lacks … in namespace "prod"`. */
export function describeMissing(need: RequiredCapability): string {
  switch (need.scope) {
    case 'namespace': {
      const where = need.namespace === '*' ? 'any namespace ("*")' : `namespace "${need.namespace ?? 'default'}"`;
      const also = need.also ? ` or the "${need.also}" capability` : '';
      return `this token lacks the "${need.capability}" capability in ${where}${also}`;
    }
    case 'global':
      return `this token lacks the "${need.capability}" capability`;
    case 'management':
      return 'this needs a management token';
    case 'token':
      return 'the token is unknown, expired or malformed';
  }
}
