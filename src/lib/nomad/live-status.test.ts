import { describe, expect, it } from 'vitest';
import { liveStatus, type LiveQueryResult } from './live-status.ts';

const base: LiveQueryResult = {
  status: 'success',
  fetchStatus: 'fetching',
  failureCount: 0,
  failureReason: null,
  error: null,
  dataUpdatedAt: 1_000,
};

describe('liveStatus', () => {
  it('is live while a held request waits for changes', () => {
    expect(liveStatus(base)).toEqual({ state: 'live', lastUpdatedAt: 1_000, error: null });
  });

  it('is connecting before the first answer, and after a manual retry of a stopped view', () => {
    expect(liveStatus({ ...base, status: 'pending', dataUpdatedAt: 0 })).toEqual({
      state: 'connecting',
      lastUpdatedAt: null,
      error: null,
    });
    expect(liveStatus({ ...base, status: 'error', error: new Error('x') }).state).toBe('connecting');
  });

  it('reports retrying with the failure and the time of the last good data', () => {
    const failure = new Error('No cluster leader');
    expect(liveStatus({ ...base, failureCount: 2, failureReason: failure })).toEqual({
      state: 'retrying',
      lastUpdatedAt: 1_000,
      error: failure,
    });
  });

  it('reports stopped for a final error and paused when offline', () => {
    const denied = new Error('Permission denied');
    expect(liveStatus({ ...base, status: 'error', fetchStatus: 'idle', error: denied })).toMatchObject({
      state: 'stopped',
      error: denied,
    });
    expect(liveStatus({ ...base, fetchStatus: 'paused' }).state).toBe('paused');
  });
});
