import { describe, expect, it } from 'vitest';
import { decodePath, Router } from './router.ts';

function router(): Router<string> {
  return new Router<string>()
    .add('GET', '/v1/jobs', 'jobs-list')
    .add(['PUT', 'POST'], '/v1/jobs', 'jobs-register')
    .add('GET', '/v1/node/:id', 'node')
    .add('GET', '/v1/job/*rest', 'job');
}

describe('Router', () => {
  it('matches a literal route by method', () => {
    expect(router().match('GET', '/v1/jobs')).toMatchObject({ kind: 'found', handler: 'jobs-list' });
    expect(router().match('post', '/v1/jobs')).toMatchObject({ kind: 'found', handler: 'jobs-register' });
  });

  it('reports a known path with the wrong method as method-not-allowed', () => {
    const m = router().match('DELETE', '/v1/jobs');
    expect(m.kind).toBe('method-not-allowed');
    expect(m.kind === 'method-not-allowed' && m.allowed.sort()).toEqual(['GET', 'POST', 'PUT']);
  });

  it('reports an unknown path as not found', () => {
    expect(router().match('GET', '/v1/nope').kind).toBe('not-found');
    expect(router().match('GET', '/v1/jobs/extra').kind).toBe('not-found');
    expect(router().match('GET', '/v1/node/').kind).toBe('not-found');
  });

  it('captures single-segment params and rest params including slashes', () => {
    expect(router().match('GET', '/v1/node/abc')).toMatchObject({ params: { id: 'abc' } });
    expect(router().match('GET', '/v1/job/nightly/periodic-1/allocations')).toMatchObject({
      params: { rest: 'nightly/periodic-1/allocations' },
    });
    expect(router().match('GET', '/v1/job/')).toMatchObject({ kind: 'found', params: { rest: '' } });
    // Like a Go mux "/v1/job/" pattern, the bare path without the slash is not served.
    expect(router().match('GET', '/v1/job').kind).toBe('not-found');
  });

  it('lists its routes', () => {
    expect(router().list()).toContainEqual({ methods: ['GET'], pattern: '/v1/node/:id' });
  });
});

describe('decodePath', () => {
  it('decodes percent escapes (Go URL.Path) and leaves malformed ones alone', () => {
    expect(decodePath('/v1/job/a%2Fb')).toBe('/v1/job/a/b');
    expect(decodePath('/v1/job/%E0%A4%A')).toBe('/v1/job/%E0%A4%A');
  });
});
