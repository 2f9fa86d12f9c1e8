// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeNomad, type FakeNomad } from '@/testing/fake-nomad.ts';
import { renderWithProviders, waitFor, type Rendered } from '@/testing/render.tsx';
import { AllocationsPage } from './allocations-page.tsx';

const links = { allocHref: (id: string) => `/a/${id}`, jobHref: () => '/j', nodeHref: () => '/n' };
const stub = (id: string, status: string) => ({
  ID: id,
  Name: `web.app[0]`,
  JobID: 'web',
  TaskGroup: 'app',
  NodeID: 'n1',
  NodeName: 'node-1',
  Namespace: 'default',
  ClientStatus: status,
  DesiredStatus: 'run',
  JobVersion: 1,
  CreateTime: 1e18,
  ModifyTime: 1e18,
});

let fake: FakeNomad;
let r: Rendered | undefined;
beforeEach(() => {
  fake = installFakeNomad();
  fake.set('/v1/allocations', [
    stub('3a100000-0000-0000-0000-000000000001', 'running'),
    stub('3a200000-0000-0000-0000-000000000002', 'running'),
    stub('3a300000-0000-0000-0000-000000000003', 'failed'),
  ]);
});
afterEach(() => {
  r?.unmount();
  r = undefined;
  vi.unstubAllGlobals();
});

const listRequests = () =>
  fake.requests.filter((q) => q.url.pathname === '/v1/allocations').map((q) => q.url.searchParams);

describe('AllocationsPage', () => {
  it('asks Nomad for the even part of an odd prefix, without task states, and counts what matches exactly', async () => {
    r = await renderWithProviders(<AllocationsPage namespace="default" region={undefined} {...links} />, {
      route: '/allocations?prefix=3a1&status=running',
    });
    await waitFor(() => expect(r!.container.textContent).toContain('1 of 3 allocations'));
    const [first] = listRequests();
    expect(first?.get('prefix')).toBe('3a');
    expect(first?.get('task_states')).toBe('false');
    const running = r.container.querySelector('button[aria-pressed="true"]');
    expect(running?.textContent).toMatch(/^running\s*1$/);
  });

  it('sends nothing for a prefix that cannot be an allocation ID', async () => {
    r = await renderWithProviders(<AllocationsPage namespace="default" region={undefined} {...links} />, {
      route: '/allocations?prefix=xyz',
    });
    await waitFor(() => expect(r!.container.textContent).toContain('Nothing was sent to Nomad'));
    expect(r.container.textContent).toContain('No allocations match.');
    expect(listRequests()).toEqual([]);
  });
});
