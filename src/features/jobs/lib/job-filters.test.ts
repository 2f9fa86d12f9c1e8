import { describe, expect, it } from 'vitest';
import type { JobListStub } from '@/lib/nomad/types.ts';
import { countAllocs, filterJobs, hasFilters, NO_FILTERS, parseJobFilters } from './job-filters.ts';

function job(p: Partial<JobListStub> & { ID: string }): JobListStub {
  return {
    CreateIndex: 1,
    Datacenters: ['dc1'],
    JobModifyIndex: 1,
    JobSummary: null,
    ModifyIndex: 1,
    Multiregion: null,
    Name: p.ID,
    Namespace: 'default',
    NodePool: 'default',
    ParameterizedJob: false,
    ParentID: '',
    Periodic: false,
    Priority: 50,
    Status: 'running',
    StatusDescription: '',
    Stop: false,
    SubmitTime: 0,
    Type: 'service',
    ...p,
  };
}

const jobs = [
  job({ ID: 'web', Type: 'service', Status: 'running' }),
  job({ ID: 'nightly-report', Name: 'Nightly Report', Type: 'batch', Status: 'dead', Namespace: 'prod' }),
  job({ ID: 'logs', Type: 'system', Status: 'pending' }),
];

describe('filterJobs', () => {
  it('matches text case-insensitively on ID, name and namespace', () => {
    expect(filterJobs(jobs, { ...NO_FILTERS, q: 'REPORT' }).map((j) => j.ID)).toEqual(['nightly-report']);
    expect(filterJobs(jobs, { ...NO_FILTERS, q: 'prod' }).map((j) => j.ID)).toEqual(['nightly-report']);
    expect(filterJobs(jobs, { ...NO_FILTERS, q: '  ' })).toHaveLength(3);
  });

  it('combines type and status', () => {
    expect(filterJobs(jobs, { q: '', type: 'batch', status: 'dead' }).map((j) => j.ID)).toEqual(['nightly-report']);
    expect(filterJobs(jobs, { q: '', type: 'batch', status: 'running' })).toEqual([]);
  });
});

describe('parseJobFilters', () => {
  it('reads the URL and ignores values that are not Nomad types or statuses', () => {
    expect(parseJobFilters(new URLSearchParams('q=web&type=system&status=dead'))).toEqual({
      q: 'web',
      type: 'system',
      status: 'dead',
    });
    expect(parseJobFilters(new URLSearchParams('type=bogus&status=RUNNING'))).toEqual(NO_FILTERS);
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, status: 'dead' })).toBe(true);
  });
});

describe('countAllocs', () => {
  it('sums every task group', () => {
    const group = { Complete: 1, Failed: 0, Lost: 0, Queued: 2, Running: 3, Starting: 0, Unknown: 0 };
    const j = job({
      ID: 'x',
      JobSummary: {
        Children: null,
        CreateIndex: 1,
        ModifyIndex: 1,
        JobID: 'x',
        Namespace: 'default',
        Summary: { a: group, b: { ...group, Failed: 4 } },
      },
    });
    expect(countAllocs(j)).toEqual({ running: 6, starting: 0, queued: 4, failed: 4, lost: 0, unknown: 0, complete: 2 });
    expect(countAllocs(job({ ID: 'empty' })).running).toBe(0);
  });
});
