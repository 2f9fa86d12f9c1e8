import { describe, expect, it } from 'vitest';
import { NomadError } from './nomad-error.ts';
import { RECHECK_AFTER_FAILURE_MS, recheckAfterTransientFailure, retryDefault } from './retry-policy.ts';

const failed = (error: unknown) => ({ state: { status: 'error' as const, error } });
const nomad = (status: number, serverText: string) => new NomadError({ status, endpoint: 'GET /v1/x', serverText });

describe('recheckAfterTransientFailure', () => {
  it('keeps checking a read that gave up on a 5xx, no leader or a network failure', () => {
    expect(recheckAfterTransientFailure(failed(nomad(503, 'Service Unavailable')))).toBe(RECHECK_AFTER_FAILURE_MS);
    expect(recheckAfterTransientFailure(failed(nomad(500, 'No cluster leader')))).toBe(RECHECK_AFTER_FAILURE_MS);
    expect(recheckAfterTransientFailure(failed(new TypeError('Failed to fetch')))).toBe(RECHECK_AFTER_FAILURE_MS);
  });

  it('leaves final errors, cancellations and good reads alone', () => {
    expect(recheckAfterTransientFailure(failed(nomad(403, 'Permission denied')))).toBe(false);
    expect(recheckAfterTransientFailure(failed(nomad(404, 'not found')))).toBe(false);
    expect(recheckAfterTransientFailure(failed(new DOMException('aborted', 'AbortError')))).toBe(false);
    expect(recheckAfterTransientFailure({ state: { status: 'success', error: null } })).toBe(false);
    expect(recheckAfterTransientFailure({ state: { status: 'pending', error: null } })).toBe(false);
  });

  it('starts only once the usual retries are spent', () => {
    const error = nomad(502, 'Bad Gateway');
    expect([0, 1, 2].map((n) => retryDefault(n, error))).toEqual([true, true, false]);
  });
});

describe('describeFailure', () => {
  it("keeps Nomad's sentence and says in words when a request got no answer", async () => {
    const { describeFailure } = await import('./nomad-error.ts');
    expect(describeFailure(nomad(500, 'No cluster leader'))).toMatch(/^No cluster leader: /);
    expect(describeFailure(new TypeError('Failed to fetch'))).toBe(
      'Nomad unreachable: the request got no answer (Failed to fetch)',
    );
    expect(describeFailure(new TypeError('network error'))).toMatch(/^Nomad unreachable/);
    // A bug's TypeError is not a network failure.
    expect(describeFailure(new TypeError("Cannot read properties of undefined (reading 'ID')"))).toBe(
      "Cannot read properties of undefined (reading 'ID')",
    );
  });
});
