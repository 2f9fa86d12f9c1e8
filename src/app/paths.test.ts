import { describe, expect, it } from 'vitest';
import { paths } from './paths.ts';
import { scopeFromSearch } from './scope.ts';

describe('paths', () => {
  it('keeps plain links plain and carries a non-default scope', () => {
    expect(paths.events.getHref()).toBe('/events');
    expect(paths.events.getHref({ namespace: 'default' })).toBe('/events');
    expect(paths.nodes.getHref({ namespace: '*', region: 'eu' })).toBe('/nodes?namespace=*&region=eu');
    expect(paths.jobs.getHref({ namespace: 'prod' }, { q: 'web', status: 'dead' })).toBe(
      '/jobs?namespace=prod&q=web&status=dead',
    );
  });

  it('encodes job ids in job links', () => {
    expect(paths.job.getHref({ namespace: 'prod', id: 'web/api 1' })).toBe('/jobs/prod/web%2Fapi%201');
  });

  it('reads the scope back from a link', () => {
    expect(scopeFromSearch(new URLSearchParams('namespace=*&region=eu'))).toEqual({ namespace: '*', region: 'eu' });
    expect(scopeFromSearch(new URLSearchParams(''))).toEqual({ namespace: 'default', region: undefined });
  });
});
