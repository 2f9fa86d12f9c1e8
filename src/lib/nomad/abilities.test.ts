import { describe, expect, it } from 'vitest';
import { check, globMatch, type Abilities } from './abilities.ts';
import { parsePolicyRules } from './acl-rules.ts';

const derived = (...rules: string[]): Abilities => ({
  kind: 'derived',
  tokenName: 'ops',
  policies: rules.map(parsePolicyRules),
});
const lifecycle = (namespace: string) => ({ namespace, anyOf: ['alloc-lifecycle'] });

describe('parsePolicyRules', () => {
  it('reads namespace blocks, shorthands, explicit capabilities and comments', () => {
    const rules = parsePolicyRules(`
      # a comment
      namespace "prod" {
        policy = "read"
        capabilities = ["alloc-lifecycle", "read-logs",] // trailing comma
      }
      /* block
         comment */
      node { policy = "write" }
      agent {
        policy = "read"
      }`);
    expect(rules.namespaces).toHaveLength(1);
    expect(rules.namespaces[0]!.name).toBe('prod');
    expect(rules.namespaces[0]!.capabilities).toEqual(
      expect.arrayContaining(['read-job', 'list-jobs', 'alloc-lifecycle']),
    );
    expect(rules.namespaces[0]!.capabilities).not.toContain('submit-job');
    expect(rules.node).toBe('write');
    expect(rules.agent).toBe('read');
  });

  it('expands write to include alloc-lifecycle and submit-job', () => {
    const caps = parsePolicyRules('namespace "default" { policy = "write" }').namespaces[0]!.capabilities;
    expect(caps).toEqual(expect.arrayContaining(['alloc-lifecycle', 'submit-job', 'read-fs', 'alloc-exec']));
  });

  it('refuses text it cannot read', () => {
    expect(() => parsePolicyRules('namespace "x" { policy = ')).toThrow(SyntaxError);
    expect(() => parsePolicyRules('namespace "x" {')).toThrow(SyntaxError);
    expect(() => parsePolicyRules('}')).toThrow(SyntaxError);
  });
});

describe('check', () => {
  it('allows everything for ACLs off, management, unknown and not-yet-loaded abilities', () => {
    expect(check({ kind: 'all', tokenName: 'x' }, lifecycle('prod')).allowed).toBe(true);
    expect(check({ kind: 'unknown', tokenName: 'x', why: '403' }, lifecycle('prod')).allowed).toBe(true);
    expect(check(undefined, { global: 'node', level: 'write' }).allowed).toBe(true);
  });

  it('explains a missing namespace capability with the token name', () => {
    const v = check(derived('namespace "prod" { policy = "read" }'), lifecycle('prod'));
    expect(v).toEqual({
      allowed: false,
      reason: 'The token "ops" lacks the "alloc-lifecycle" capability in namespace "prod".',
    });
    expect(check(derived('namespace "prod" { policy = "write" }'), lifecycle('prod')).allowed).toBe(true);
    expect(check(derived('namespace "prod" { policy = "write" }'), lifecycle('default')).allowed).toBe(false);
  });

  it('accepts any of several capabilities and names both when missing', () => {
    const gc = { namespace: 'default', anyOf: ['submit-job', 'gc-allocation'] };
    expect(check(derived('namespace "default" { capabilities = ["gc-allocation"] }'), gc).allowed).toBe(true);
    expect(check(derived('namespace "default" { policy = "read" }'), gc).reason).toBe(
      'The token "ops" lacks the "submit-job" capability in namespace "default" or the "gc-allocation" capability.',
    );
  });

  it('prefers exact names over globs, the closest glob, and lets deny win', () => {
    const a = derived('namespace "*" { policy = "write" }', 'namespace "prod" { policy = "read" }');
    expect(check(a, lifecycle('prod')).allowed).toBe(false);
    expect(check(a, lifecycle('staging')).allowed).toBe(true);
    const b = derived('namespace "*" { policy = "write" }\nnamespace "prod-*" { policy = "read" }');
    expect(check(b, lifecycle('prod-eu')).allowed).toBe(false);
    const c = derived('namespace "prod" { policy = "write" }', 'namespace "prod" { policy = "deny" }');
    expect(check(c, lifecycle('prod')).allowed).toBe(false);
  });

  it('combines node levels: write beats read, deny beats both', () => {
    const write = { global: 'node', level: 'write' } as const;
    expect(check(derived('node { policy = "read" }'), write)).toEqual({
      allowed: false,
      reason: 'The token "ops" lacks the "node:write" capability.',
    });
    expect(check(derived('node { policy = "read" }', 'node { policy = "write" }'), write).allowed).toBe(true);
    expect(check(derived('node { policy = "write" }', 'node { policy = "deny" }'), write).allowed).toBe(false);
    expect(check(derived('node { policy = "write" }'), { global: 'node', level: 'read' }).allowed).toBe(true);
  });
});

describe('globMatch', () => {
  it('matches like go-glob', () => {
    expect(globMatch('*', 'anything')).toBe(true);
    expect(globMatch('prod-*', 'prod-eu')).toBe(true);
    expect(globMatch('prod-*', 'staging')).toBe(false);
    expect(globMatch('*-eu', 'prod-eu')).toBe(true);
    expect(globMatch('a*b*c', 'axxbyyc')).toBe(true);
    expect(globMatch('prod', 'prod')).toBe(true);
  });
});
