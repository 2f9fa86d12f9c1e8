import { describe, expect, it } from 'vitest';
import type { AllocListStub } from '@/lib/nomad/types.ts';
import {
  allocFilterParams,
  countByStatus,
  DEFAULT_FILTERS,
  filterAllocsExceptStatus,
  filterByStatus,
  parseAllocFilters,
  sortAllocs,
} from './alloc-filters.ts';

const alloc = (id: string, patch: Partial<AllocListStub> = {}) =>
  ({
    ID: id,
    JobID: 'web',
    TaskGroup: 'app',
    NodeID: 'n1',
    NodeName: 'node-1',
    Namespace: 'default',
    ClientStatus: 'running',
    DesiredStatus: 'run',
    JobVersion: 1,
    CreateTime: 1,
    ModifyTime: 1,
    ...patch,
  }) as AllocListStub;

describe('alloc filters in the URL', () => {
  it('round-trips and drops unknown values', () => {
    const f = parseAllocFilters(new URLSearchParams('status=failed,bogus,lost&job=web&prefix=3a1&sort=job&order=asc'));
    expect(f).toEqual({
      ...DEFAULT_FILTERS,
      status: ['failed', 'lost'],
      job: 'web',
      prefix: '3a1',
      sort: 'job',
      desc: false,
    });
    expect(allocFilterParams(f)).toMatchObject({ status: 'failed,lost', job: 'web', sort: 'job', order: 'asc' });
    expect(parseAllocFilters(new URLSearchParams('sort=nope'))).toEqual(DEFAULT_FILTERS);
    expect(Object.values(allocFilterParams(DEFAULT_FILTERS)).filter(Boolean)).toEqual([]);
  });
});

describe('filtering and sorting', () => {
  const list = [
    alloc('aa000000-0000-0000-0000-000000000001', { ClientStatus: 'failed', ModifyTime: 3 }),
    alloc('ab000000-0000-0000-0000-000000000002', { JobID: 'api', ModifyTime: 2 }),
    alloc('ac000000-0000-0000-0000-000000000003', { NodeName: 'node-2', NodeID: 'n2', ModifyTime: 1 }),
  ];

  it('filters by job, node (ID or name), prefix, and status', () => {
    const f = { ...DEFAULT_FILTERS };
    expect(filterAllocsExceptStatus(list, { ...f, job: 'api' }).map((a) => a.ID[1])).toEqual(['b']);
    expect(filterAllocsExceptStatus(list, { ...f, node: 'node-2' })).toHaveLength(1);
    expect(filterAllocsExceptStatus(list, { ...f, node: 'n2' })).toHaveLength(1);
    expect(filterAllocsExceptStatus(list, { ...f, prefix: 'a' })).toHaveLength(3);
    expect(filterAllocsExceptStatus(list, { ...f, prefix: 'ab0' })).toHaveLength(1);
    expect(filterAllocsExceptStatus(list, { ...f, prefix: 'zz' })).toHaveLength(0);
    expect(filterByStatus(list, ['failed'])).toHaveLength(1);
    expect(countByStatus(list)).toMatchObject({ failed: 1, running: 2, lost: 0 });
  });

  it('sorts both ways with the ID as tie-breaker', () => {
    expect(sortAllocs(list, 'modified', true).map((a) => a.ModifyTime)).toEqual([3, 2, 1]);
    expect(sortAllocs(list, 'job', false).map((a) => a.JobID)).toEqual(['api', 'web', 'web']);
    expect(sortAllocs(list, 'version', false).map((a) => a.ID)).toEqual(list.map((a) => a.ID));
  });
});
