import { describe, expect, it } from 'vitest';
import { compileAcl, globMatch } from './acl.ts';
import { allows, ENDPOINT_REQUIREMENTS, topicRequirement } from './capabilities.ts';
import { parseHcl } from './hcl.ts';
import { expandNamespacePolicy, parsePolicy } from './policy.ts';

describe('expandNamespacePolicy (acl/policy.go)', () => {
  it('read grants list/read of jobs, scaling and volumes, but no logs, fs or exec', () => {
    const read = expandNamespacePolicy('read');
    expect(read).toEqual([
      'list-jobs',
      'parse-job',
      'read-job',
      'csi-list-volume',
      'csi-read-volume',
      'read-job-scaling',
      'list-scaling-policies',
      'read-scaling-policy',
      'host-volume-read',
    ]);
    expect(read).not.toContain('read-logs');
  });

  it('write adds submit, dispatch, logs, fs, exec and lifecycle to read, but not alloc-node-exec', () => {
    const write = expandNamespacePolicy('write');
    for (const cap of [
      'list-jobs',
      'submit-job',
      'dispatch-job',
      'read-logs',
      'read-fs',
      'alloc-exec',
      'alloc-lifecycle',
      'scale-job',
    ]) {
      expect(write).toContain(cap);
    }
    expect(write).not.toContain('alloc-node-exec');
  });

  it('scale grants scaling plus read-job only, deny is a lone deny, anything else nothing', () => {
    expect(expandNamespacePolicy('scale')).toEqual([
      'list-scaling-policies',
      'read-scaling-policy',
      'read-job-scaling',
      'scale-job',
      'read-job',
      'submit-recommendation',
    ]);
    expect(expandNamespacePolicy('deny')).toEqual(['deny']);
    expect(expandNamespacePolicy('list')).toEqual([]);
  });
});

describe('parsePolicy', () => {
  it('adds the shorthand expansion to explicit capabilities and reads the single-level blocks', () => {
    const policy = parsePolicy(`
      # comment
      namespace "default" {
        policy       = "read"
        capabilities = ["alloc-exec"]   // extra
      }
      node { policy = "write" }
      agent { policy = "read" }
      /* multi
         line */
    `);
    expect(policy.namespaces).toHaveLength(1);
    expect(policy.namespaces[0]!.capabilities.slice(0, 2)).toEqual(['alloc-exec', 'list-jobs']);
    expect(policy.node).toBe('write');
    expect(policy.agent).toBe('read');
    expect(policy.operator).toBeUndefined();
  });

  it('implies host volume capabilities like expandNamespaceCapabilities', () => {
    const policy = parsePolicy('namespace "x" { capabilities = ["host-volume-create"] }');
    expect(policy.namespaces[0]!.capabilities).toEqual(['host-volume-create', 'host-volume-read']);
  });

  it.each([
    ['namespace "default" { policy = "admin" }', 'Invalid namespace policy'],
    ['namespace "default" { capabilities = ["read-everything"] }', "Invalid namespace capability 'read-everything'"],
    ['namespace "bad name" { policy = "read" }', 'Invalid namespace name'],
    ['node { policy = "scale-ish" }', 'Invalid node policy'],
    ['namespace "default" { policy = "read"', 'Failed to parse ACL Policy'],
    ['something_else { }', 'Invalid policy'],
  ])('rejects %s', (rules, message) => {
    expect(() => parsePolicy(rules)).toThrow(message);
  });

  it('parses HCL lists, numbers, booleans and nested blocks', () => {
    const body = parseHcl('a = [1, "x", true,]\nouter "l1" "l2" { inner { b = false } }');
    expect(body.attributes.get('a')).toEqual([1, 'x', true]);
    expect(body.blocks[0]).toMatchObject({ type: 'outer', labels: ['l1', 'l2'] });
    expect(body.blocks[0]!.body.blocks[0]!.body.attributes.get('b')).toBe(false);
  });
});

describe('compileAcl (acl/acl.go)', () => {
  const acl = (...rules: string[]) => compileAcl(rules.map(parsePolicy));

  it('checks namespace capabilities per namespace', () => {
    const a = acl('namespace "prod" { policy = "read" }');
    expect(a.allowNsOp('prod', 'read-job')).toBe(true);
    expect(a.allowNsOp('prod', 'read-logs')).toBe(false);
    expect(a.allowNsOp('default', 'read-job')).toBe(false);
    expect(a.allowNamespace('prod')).toBe(true);
    expect(a.allowNamespace('default')).toBe(false);
  });

  it('treats namespace "*" in a request as "in any namespace"', () => {
    const a = acl('namespace "prod" { policy = "read" }');
    expect(a.allowNsOp('*', 'list-jobs')).toBe(true);
    expect(a.allowNsOp('*', 'alloc-exec')).toBe(false);
    expect(acl('node { policy = "read" }').allowNsOp('*', 'list-jobs')).toBe(false);
  });

  it('lets deny win over grants from other policies, whatever the order', () => {
    const a = acl('namespace "prod" { policy = "write" }', 'namespace "prod" { policy = "deny" }');
    const b = acl('namespace "prod" { policy = "deny" }', 'namespace "prod" { policy = "write" }');
    for (const x of [a, b]) {
      expect(x.allowNsOp('prod', 'read-job')).toBe(false);
      expect(x.allowNamespace('prod')).toBe(false);
    }
  });

  it('matches globs, prefers an exact name, then the closest glob', () => {
    const a = acl(
      'namespace "*" { policy = "read" }',
      'namespace "team-*" { capabilities = ["read-logs"] }',
      'namespace "team-b" { capabilities = ["alloc-exec"] }',
    );
    expect(a.allowNsOp('anything', 'read-job')).toBe(true);
    // "team-a" matches both globs; "team-*" is closer, so read-job (from "*") is not granted.
    expect(a.allowNsOp('team-a', 'read-logs')).toBe(true);
    expect(a.allowNsOp('team-a', 'read-job')).toBe(false);
    expect(a.allowNsOp('team-b', 'alloc-exec')).toBe(true);
    expect(a.allowNsOp('team-b', 'read-logs')).toBe(false);
  });

  it('takes the highest node/agent level, deny beating everything', () => {
    expect(acl('node { policy = "read" }').allowNodeRead()).toBe(true);
    expect(acl('node { policy = "read" }').allowNodeWrite()).toBe(false);
    expect(acl('node { policy = "read" }', 'node { policy = "write" }').allowNodeWrite()).toBe(true);
    expect(acl('node { policy = "write" }', 'node { policy = "deny" }').allowNodeRead()).toBe(false);
    expect(acl('namespace "x" { policy = "write" }').allowAgentRead()).toBe(false);
  });
});

describe('capability table', () => {
  const logsOnly = compileAcl([parsePolicy('namespace "default" { capabilities = ["read-fs"] }')]);

  it('checks endpoints through one table', () => {
    expect(allows(logsOnly, ENDPOINT_REQUIREMENTS['GET /v1/jobs'], 'default')).toBe(false);
    expect(allows(logsOnly, ENDPOINT_REQUIREMENTS['GET /v1/client/fs/logs/:alloc'], 'default')).toBe(true);
    expect(allows(logsOnly, ENDPOINT_REQUIREMENTS['GET /v1/client/allocation/:id/exec'], 'default')).toBe(false);
    expect(allows(logsOnly, ENDPOINT_REQUIREMENTS['GET /v1/agent/self'])).toBe(false);
    expect(allows(logsOnly, ENDPOINT_REQUIREMENTS['GET /v1/regions'])).toBe(true);
  });

  it('requires a management token for unknown and wildcard event topics', () => {
    expect(topicRequirement('Job')).toEqual({ kind: 'namespace', capability: 'read-job' });
    expect(topicRequirement('*')).toEqual({ kind: 'management' });
    expect(topicRequirement('ACLToken')).toEqual({ kind: 'management' });
    expect(allows(logsOnly, topicRequirement('NoSuchTopic'))).toBe(false);
  });
});

describe('globMatch (ryanuber/go-glob)', () => {
  it.each([
    ['*', 'anything', true],
    ['team-*', 'team-a', true],
    ['team-*', 'teams', false],
    ['*-prod', 'eu-prod', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXcYYb', false],
    ['exact', 'exact', true],
  ])('%s vs %s → %s', (pattern, subject, expected) => {
    expect(globMatch(pattern, subject)).toBe(expected);
  });
});
