// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobListStub } from '@/lib/nomad/types.ts';
import { installFakeNomad } from '@/testing/fake-nomad.ts';
import { byRole, changeValue, renderWithProviders, waitFor, type Rendered } from '@/testing/render.tsx';
import { JobsPage } from './jobs-page.tsx';

function stub(p: Partial<JobListStub> & { ID: string }): JobListStub {
  return {
    CreateIndex: 1,
    Datacenters: ['dc1'],
    JobModifyIndex: 1,
    JobSummary: {
      Children: null,
      CreateIndex: 1,
      ModifyIndex: 1,
      JobID: p.ID,
      Namespace: p.Namespace ?? 'default',
      Summary: { app: { Complete: 0, Failed: 1, Lost: 0, Queued: 0, Running: 2, Starting: 0, Unknown: 0 } },
    },
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
    SubmitTime: Date.now() * 1e6,
    Type: 'service',
    ...p,
  };
}

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
  vi.unstubAllGlobals();
});

const href = ({ namespace, id }: { namespace: string; id: string }) => `/jobs/${namespace}/${id}`;
const rowOf = (container: HTMLElement, id: string) =>
  byRole(container, 'tbody tr').find((tr) => tr.querySelector('a')?.textContent === id);

describe('JobsPage', () => {
  it('lists jobs with links, status, priority and allocation counts', async () => {
    const nomad = installFakeNomad();
    nomad.set('/v1/jobs', [stub({ ID: 'web' }), stub({ ID: 'batchy', Type: 'batch', Status: 'dead' })]);
    view = await renderWithProviders(<JobsPage namespace="default" region={undefined} jobHref={href} />);
    const { container } = view;

    const web = await waitFor(() => rowOf(container, 'web') ?? fail('no web row'));
    expect(web.querySelector('a')?.getAttribute('href')).toBe('/jobs/default/web');
    expect(web.textContent).toContain('running');
    expect(web.textContent).toContain('2 running');
    expect(web.textContent).toContain('1 failed');
    expect(rowOf(container, 'batchy')?.textContent).toContain('dead');
    expect(byRole(container, 'th').map((th) => th.textContent)).not.toContain('Namespace');
    expect(nomad.requests[0]!.url.searchParams.get('namespace')).toBe('default');
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });

  it('updates a row in place when the blocking query returns a change', async () => {
    const nomad = installFakeNomad();
    nomad.set('/v1/jobs', [stub({ ID: 'web' })]);
    view = await renderWithProviders(<JobsPage namespace="default" region={undefined} jobHref={href} />);
    const row = await waitFor(() => rowOf(view!.container, 'web') ?? fail('no row'));
    expect(row.textContent).not.toContain('87');
    // The page is now holding a blocking request with the last index.
    await waitFor(() => expect(nomad.requests.at(-1)!.url.searchParams.get('index')).not.toBeNull());

    nomad.set('/v1/jobs', [stub({ ID: 'web', Priority: 87, Status: 'dead', Stop: true }), stub({ ID: 'new-job' })]);
    await waitFor(() => expect(rowOf(view!.container, 'web')?.textContent).toContain('87'));
    expect(rowOf(view.container, 'web')?.textContent).toContain('dead');
    expect(rowOf(view.container, 'new-job')).toBeDefined();
  });

  it('adds a Namespace column for all namespaces', async () => {
    const nomad = installFakeNomad();
    nomad.set('/v1/jobs', [stub({ ID: 'web' }), stub({ ID: 'api', Namespace: 'prod' })]);
    view = await renderWithProviders(<JobsPage namespace="*" region={undefined} jobHref={href} />);
    await waitFor(() => rowOf(view!.container, 'api') ?? fail('no row'));
    expect(byRole(view.container, 'th').map((th) => th.textContent)).toContain('Namespace');
    expect(rowOf(view.container, 'api')?.querySelector('a')?.getAttribute('href')).toBe('/jobs/prod/api');
    expect(nomad.requests[0]!.url.searchParams.get('namespace')).toBe('*');
  });

  it('explains a 403 with the missing capability and namespace', async () => {
    const nomad = installFakeNomad();
    nomad.set('/v1/jobs', 'Permission denied', { status: 403 });
    view = await renderWithProviders(<JobsPage namespace="prod" region={undefined} jobHref={href} />);
    const alert = await waitFor(() => view!.container.querySelector('[role="alert"]') ?? fail('no alert'));
    expect(alert.textContent).toContain(
      'Permission denied: this token lacks the "list-jobs" capability in namespace "prod" (GET /v1/jobs)',
    );
    expect(view.container.querySelector('table')).toBeNull();
  });

  it('filters by the text in the URL and by type', async () => {
    const nomad = installFakeNomad();
    nomad.set('/v1/jobs', [stub({ ID: 'web' }), stub({ ID: 'web-batch', Type: 'batch' }), stub({ ID: 'cache' })]);
    view = await renderWithProviders(<JobsPage namespace="default" region={undefined} jobHref={href} />, {
      route: '/jobs?q=web',
    });
    await waitFor(() => rowOf(view!.container, 'web') ?? fail('no row'));
    expect(rowOf(view.container, 'cache')).toBeUndefined();

    const type = [...view.container.querySelectorAll('select')].find((s) => s.labels?.[0]?.textContent === 'Type')!;
    changeValue(type, 'batch');
    await waitFor(() => expect(rowOf(view!.container, 'web')).toBeUndefined());
    expect(rowOf(view.container, 'web-batch')).toBeDefined();
    expect(view.router.state.location.search).toBe('?q=web&type=batch');
  });
});

function fail(message: string): never {
  throw new Error(message);
}
