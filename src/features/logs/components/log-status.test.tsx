// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { NomadError } from '@/lib/nomad/nomad-error.ts';
import { renderWithProviders, type Rendered } from '@/testing/render.tsx';
import { liveLabel, LogStatus, waitingForLogs } from './log-status.tsx';

let view: Rendered | undefined;
afterEach(() => view?.unmount());

describe('LogStatus', () => {
  it('says "no logs yet" for a 404 from the logs endpoint, quoting Nomad', async () => {
    const error = new NomadError({
      status: 404,
      endpoint: 'GET /v1/client/fs/logs/a1',
      serverText: 'log entry for task "web" and log type "stdout" not found',
    });
    view = await renderWithProviders(
      <LogStatus
        statuses={[{ source: 'stdout', status: { state: 'closed', reason: 'failed', error } }]}
        task="web"
        onReconnect={() => {}}
      />,
    );
    expect(view.container.textContent).toContain(
      'No logs yet: the task has not started, or log collection is disabled',
    );
    expect(view.container.textContent).toContain('log type "stdout" not found');
    expect(view.container.querySelector('button')?.textContent).toBe('Reconnect');
  });

  it('names the missing capability for a 403', async () => {
    const error = new NomadError({
      status: 403,
      endpoint: 'GET /v1/client/fs/logs/a1',
      serverText: 'Permission denied',
      capability: { capability: 'read-logs', scope: 'namespace', namespace: 'prod' },
    });
    view = await renderWithProviders(
      <LogStatus
        statuses={[{ source: 'stderr', status: { state: 'closed', reason: 'failed', error } }]}
        task="web"
        onReconnect={() => {}}
      />,
    );
    expect(view.container.querySelector('[role="alert"]')?.textContent).toContain(
      '"read-logs" capability in namespace "prod"',
    );
  });

  it('says nothing while live, and summarises the streams', async () => {
    view = await renderWithProviders(
      <LogStatus statuses={[{ source: 'stdout', status: { state: 'live' } }]} task="web" onReconnect={() => {}} />,
    );
    expect(view.container.textContent).toBe('');
    expect(liveLabel([{ status: { state: 'live' } }, { status: { state: 'retrying' } }])).toBe('Reconnecting');
    expect(liveLabel([{ status: { state: 'live' } }])).toBe('Live');
  });

  it('waits for logs only when every stream is missing its log files', () => {
    const notYet = new NomadError({
      status: 404,
      endpoint: 'GET /v1/client/fs/logs/a1',
      serverText: 'task "web" not started yet. No logs available',
    });
    const unknownAlloc = new NomadError({ status: 404, endpoint: 'e', serverText: 'Unknown allocation "x"' });
    const closed = (error: unknown) => ({ status: { state: 'closed' as const, reason: 'failed' as const, error } });
    expect(waitingForLogs([closed(notYet), closed(notYet)])).toBe(true);
    expect(waitingForLogs([closed(notYet), { status: { state: 'live' as const } }])).toBe(false);
    expect(waitingForLogs([closed(unknownAlloc)])).toBe(false);
  });
});
