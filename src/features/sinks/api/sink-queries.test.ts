import { describe, expect, it } from 'vitest';
import { NomadError } from '@/lib/nomad/nomad-error.ts';
import { withSinkCapability } from './sink-queries.ts';

const denied = () => new NomadError({ status: 403, endpoint: 'GET /v1/event/sinks', serverText: 'Permission denied' });

describe('withSinkCapability', () => {
  it('names operator:read for reads and management for writes', () => {
    expect((withSinkCapability(denied(), 'read') as Error).message).toBe(
      'Permission denied: this token lacks the "operator:read" capability (GET /v1/event/sinks)',
    );
    expect((withSinkCapability(denied(), 'write') as Error).message).toContain('this needs a management token');
  });

  it('leaves other errors alone', () => {
    const notFound = new NomadError({
      status: 404,
      endpoint: 'GET /v1/event/sink/x',
      serverText: 'event sink not found',
    });
    expect(withSinkCapability(notFound, 'read')).toBe(notFound);
    const network = new TypeError('Failed to fetch');
    expect(withSinkCapability(network, 'write')).toBe(network);
  });
});
