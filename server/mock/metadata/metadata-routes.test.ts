import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Commit } from '../store.ts';
import { secretOf, startMock, type Harness } from '../test-harness.ts';

let h: Harness;
let acl: Harness;
const commits: Commit[] = [];

beforeAll(async () => {
  h = await startMock({ seed: 1, metaPropagationMs: 400 });
  acl = await startMock({ seed: 1, acl: true });
  h.runtime.store.subscribe((c) => commits.push(c));
});
afterAll(async () => {
  await h.close();
  await acl.close();
});

const text = async (res: Response) => [res.status, await res.text()] as const;
const as = (secret: string) => ({ 'X-Nomad-Token': secret });
const ready = (x: Harness) => x.runtime.store.list('nodes').find((n) => n.Status === 'ready')!;
const post = (x: Harness, path: string, body?: string, headers: Record<string, string> = {}) =>
  fetch(x.base + path, { method: 'POST', headers, ...(body !== undefined ? { body } : {}) });

interface MetaResponse {
  Dynamic: Record<string, string | null> | null;
  Meta: Record<string, string>;
  Static: Record<string, string>;
}

describe('/v1/client/metadata', () => {
  it('reads static, dynamic and effective metadata; PUT is 405; node_id is required', async () => {
    const node = ready(h);
    const res = await h.get(`/v1/client/metadata?node_id=${node.ID}`);
    const body = (await res.json()) as MetaResponse;
    expect(Object.keys(body)).toEqual(['Dynamic', 'Meta', 'Static']);
    expect(body).toEqual({ Dynamic: null, Meta: node.Meta, Static: node.Meta });
    expect(res.headers.get('x-nomad-index')).toBeNull();
    expect(
      await text(await fetch(`${h.base}/v1/client/metadata?node_id=${node.ID}`, { method: 'PUT', body: '{}' })),
    ).toEqual([405, 'Invalid method']);
    expect(await text(await h.get('/v1/client/metadata'))).toEqual([400, 'No local Node and node_id not provided']);
  });

  it('refuses bad bodies and keys with Nomad’s 400 texts', async () => {
    const path = `/v1/client/metadata?node_id=${ready(h).ID}`;
    expect(await text(await post(h, path))).toEqual([400, 'Request body is empty']);
    expect(await text(await post(h, path, '{}'))).toEqual([400, 'missing required Meta object']);
    expect(await text(await post(h, path, '{"Meta":{}}'))).toEqual([400, 'missing required Meta object']);
    expect(await text(await post(h, path, '{"Meta":{"":"x"}}'))).toEqual([400, 'metadata keys must not be empty']);
    for (const key of ['a..b', '.a', 'a.', '1abc', 'a b', 'a/b']) {
      expect(await text(await post(h, path, JSON.stringify({ Meta: { [key]: 'x' } })))).toEqual([
        400,
        `"${key}" is invalid; metadata keys must be valid dotted hcl identifiers`,
      ]);
    }
    expect(await text(await post(h, path, '{"Meta":{"a":1}}'))).toEqual([
      400,
      'json: cannot unmarshal number into Go struct field NodeMetaApplyRequest.Meta of type string',
    ]);
  });

  it('sets, unsets dynamic keys and keeps an unset static key as null; the Node follows later', async () => {
    const node = ready(h);
    const staticKey = Object.keys(node.Meta!)[0]!;
    const path = `/v1/client/metadata?node_id=${node.ID}`;
    const from = commits.length;
    const set = (await (
      await post(h, path, JSON.stringify({ Meta: { 'team.owner': 'sre', temp: 'x' } }))
    ).json()) as MetaResponse;
    expect(set.Dynamic).toEqual({ 'team.owner': 'sre', temp: 'x' });
    expect(set.Meta).toMatchObject({ 'team.owner': 'sre', temp: 'x', [staticKey]: node.Meta![staticKey] });
    // The servers have not heard of it yet.
    expect(h.runtime.store.get('nodes', node.ID)!.Meta).not.toHaveProperty('team.owner');

    const unset = (await (
      await post(h, path, JSON.stringify({ Meta: { temp: null, [staticKey]: null } }))
    ).json()) as MetaResponse;
    expect(unset.Dynamic).toEqual({ 'team.owner': 'sre', [staticKey]: null });
    expect(unset.Meta).not.toHaveProperty(staticKey);
    expect(unset.Meta).not.toHaveProperty('temp');
    expect(unset.Static).toEqual(node.Meta);
    expect((await (await h.get(path)).json()) as MetaResponse).toEqual(unset);

    await expect.poll(() => h.runtime.store.get('nodes', node.ID)!.Meta, { timeout: 5000 }).toEqual(unset.Meta);
    const pushes = commits.slice(from).filter((c) => c.tables.has('nodes'));
    // Both applies reach the servers as one node update, a Node re-registration.
    expect(pushes.map((c) => c.type)).toEqual(['NodeRegistration']);
    const node2 = (await (await h.get(`/v1/node/${node.ID}`)).json()) as {
      Meta: Record<string, string>;
      ComputedClass: string;
    };
    expect(node2.Meta).toEqual(unset.Meta);
    // Meta is part of the computed class the scheduler groups nodes by.
    expect(node2.ComputedClass).toMatch(/^v1:\d+$/);
    expect(node2.ComputedClass).not.toBe(node.ComputedClass);
  });

  it('unknown nodes are a 500, disconnected ones a 404', async () => {
    expect(await text(await h.get('/v1/client/metadata?node_id=nope'))).toEqual([500, 'Unknown node nope']);
    const down = h.runtime.store.list('nodes').find((n) => n.Status === 'down')!;
    expect(await text(await post(h, `/v1/client/metadata?node_id=${down.ID}`, '{"Meta":{"a":"b"}}'))).toEqual([
      404,
      'No path to node',
    ]);
  });

  it('needs node:read to read and node:write to apply', async () => {
    const path = `/v1/client/metadata?node_id=${ready(acl).ID}`;
    const reader = as(secretOf(acl, 'node reader'));
    expect((await acl.get(path, reader)).status).toBe(200);
    expect(await text(await post(acl, path, '{"Meta":{"a":"b"}}', reader))).toEqual([403, 'Permission denied']);
    expect(await text(await acl.get(path, as(secretOf(acl, 'prod read-only'))))).toEqual([403, 'Permission denied']);
    const ok = await post(acl, path, '{"Meta":{"a":"b"}}', as(secretOf(acl, 'Management Token')));
    expect(ok.status).toBe(200);
  });
});
