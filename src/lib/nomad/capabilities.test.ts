import { describe, expect, it } from 'vitest';
import { describeMissing, requiredCapability } from './capabilities.ts';

const q = (s: string) => new URLSearchParams(s);

describe('requiredCapability', () => {
  it.each([
    ['GET', '/v1/jobs', '', 'list-jobs'],
    ['POST', '/v1/jobs', '', 'submit-job'],
    ['GET', '/v1/job/web', '', 'read-job'],
    ['GET', '/v1/job/web/allocations', '', 'read-job'],
    ['DELETE', '/v1/job/web', '', 'submit-job'],
    ['POST', '/v1/job/web/dispatch', '', 'dispatch-job'],
    ['GET', '/v1/allocations', '', 'read-job'],
    ['GET', '/v1/allocation/a1', '', 'read-job'],
    ['POST', '/v1/allocation/a1/stop', '', 'alloc-lifecycle'],
    ['GET', '/v1/client/fs/logs/a1', 'task=web&type=stdout', 'read-logs'],
    ['GET', '/v1/client/fs/cat/a1', 'path=/alloc', 'read-fs'],
    ['GET', '/v1/client/allocation/a1/exec', '', 'alloc-exec'],
    ['GET', '/v1/nodes', '', 'node:read'],
    ['GET', '/v1/node/n1', '', 'node:read'],
    ['POST', '/v1/node/n1/drain', '', 'node:write'],
    ['GET', '/v1/agent/self', '', 'agent:read'],
    ['GET', '/v1/event/stream', 'topic=*', 'management'],
    ['GET', '/v1/event/stream', '', 'management'],
    ['GET', '/v1/event/stream', 'topic=Job:web&topic=Allocation', 'read-job'],
    ['GET', '/v1/event/stream', 'topic=Node', 'node:read'],
    ['GET', '/v1/event/stream', 'topic=ACLToken', 'management'],
  ])('%s %s?%s needs %s', (method, path, query, capability) => {
    expect(requiredCapability(method, path, q(query))?.capability).toBe(capability);
  });

  it('carries the namespace of namespace capabilities only', () => {
    expect(requiredCapability('GET', '/v1/jobs', q('namespace=prod'))?.namespace).toBe('prod');
    expect(requiredCapability('GET', '/v1/jobs')?.namespace).toBe('default');
    expect(requiredCapability('GET', '/v1/nodes', q('namespace=prod'))?.namespace).toBeUndefined();
  });

  it('knows nothing about endpoints without ACLs', () => {
    expect(requiredCapability('GET', '/v1/status/leader')).toBeUndefined();
    expect(requiredCapability('GET', '/v1/regions')).toBeUndefined();
  });
});

describe('describeMissing', () => {
  it('reads as the end of a sentence', () => {
    expect(describeMissing({ capability: 'read-logs', scope: 'namespace', namespace: 'prod' })).toBe(
      'this token lacks the "read-logs" capability in namespace "prod"',
    );
    expect(describeMissing({ capability: 'list-jobs', scope: 'namespace', namespace: '*' })).toBe(
      'this token lacks the "list-jobs" capability in any namespace ("*")',
    );
    expect(describeMissing({ capability: 'agent:read', scope: 'global' })).toBe(
      'this token lacks the "agent:read" capability',
    );
    expect(describeMissing({ capability: 'management', scope: 'management' })).toBe('this needs a management token');
    expect(describeMissing(requiredCapability('GET', '/v1/event/stream', q('topic=Job&topic=Node'))!)).toBe(
      'this token lacks the "read-job" capability in namespace "default" or the "node:read" capability',
    );
  });
});

describe('allocation and node actions', () => {
  it('names the capabilities of GC, restart and node GC', () => {
    expect(requiredCapability('GET', '/v1/client/allocation/abc/gc', new URLSearchParams('namespace=prod'))).toEqual({
      capability: 'submit-job',
      scope: 'namespace',
      namespace: 'prod',
      also: 'gc-allocation',
    });
    expect(requiredCapability('POST', '/v1/client/allocation/abc/restart')?.capability).toBe('alloc-lifecycle');
    expect(requiredCapability('GET', '/v1/client/gc')).toEqual({ capability: 'node:write', scope: 'global' });
  });
});
