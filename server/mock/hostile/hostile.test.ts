import { afterEach, describe, expect, it } from 'vitest';
import { startMock, type Harness } from '../test-harness.ts';
import {
  HOSTILE,
  HOSTILE_FILE_NAME,
  HOSTILE_JOB_ID,
  HOSTILE_NODE_NAME,
  HOSTILE_TASK,
  HOSTILE_TEXT_FILE,
  ONE_MB_LINE_FILE,
} from './corpus.ts';
import type { HostilePlacement } from './place.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const q = encodeURIComponent;

async function place(harness: Harness): Promise<HostilePlacement> {
  const res = await harness.post('/__mock/hostile', '');
  expect(res.status).toBe(200);
  return (await res.json()) as HostilePlacement;
}

describe('POST /__mock/hostile', () => {
  it('registers a node and a job whose names and metadata are payloads, through the store', async () => {
    h = await startMock();
    const before = h.runtime.store.index;
    const placed = await place(h);
    expect(h.runtime.store.index).toBeGreaterThan(before);
    expect(placed.JobID).toBe(HOSTILE_JOB_ID);
    expect(HOSTILE_JOB_ID).not.toMatch(/ /); // Nomad refuses job IDs with spaces

    const job = (await (await h.get(`/v1/job/${q(HOSTILE_JOB_ID)}`)).json()) as {
      Name: string;
      Meta: Record<string, string>;
      TaskGroups: { Name: string; Tasks: { Name: string }[] }[];
    };
    expect(job.Name).toBe(HOSTILE_JOB_ID);
    expect(job.Meta[HOSTILE.script]).toBe('key-is-a-script');
    expect(job.Meta['value-is-js-url']).toBe(HOSTILE.jsUrl);
    expect(job.TaskGroups[0]!.Tasks[0]!.Name).toBe(HOSTILE_TASK);

    const node = (await (await h.get(`/v1/node/${placed.NodeID}`)).json()) as {
      Name: string;
      Meta: Record<string, string>;
    };
    expect(node.Name).toBe(HOSTILE_NODE_NAME);
    expect(node.Meta['value-is-bidi']).toBe(HOSTILE.bidi);

    const alloc = (await (await h.get(`/v1/allocation/${placed.AllocID}`)).json()) as {
      NodeID: string;
      ClientStatus: string;
    };
    expect(alloc.NodeID).toBe(placed.NodeID);
    expect(alloc.ClientStatus).toBe('running');
  });

  it('puts payloads into file names, file contents, a 1 MiB line and the task logs', async () => {
    h = await startMock();
    const placed = await place(h);
    const ls = (await (await h.get(`/v1/client/fs/ls/${placed.AllocID}?path=alloc/data`)).json()) as {
      Name: string;
      Size: number;
    }[];
    const names = ls.map((f) => f.Name);
    expect(names).toContain(HOSTILE_FILE_NAME);
    expect(names).toContain(`${HOSTILE.bidi}.txt`);
    expect(ls.find((f) => f.Name === ONE_MB_LINE_FILE)!.Size).toBe(1024 * 1024 + 1);

    const cat = await h.get(`/v1/client/fs/cat/${placed.AllocID}?path=${q(`alloc/data/${HOSTILE_TEXT_FILE}`)}`);
    const text = await cat.text();
    for (const payload of [HOSTILE.script, HOSTILE.svg, HOSTILE.zeroWidth, HOSTILE.bidi])
      expect(text).toContain(payload);
    // Raw file bytes keep Nomad's sandboxing headers: a browser never runs them as a page.
    expect(cat.headers.get('content-security-policy')).toContain('sandbox');
    expect(cat.headers.get('x-content-type-options')).toBe('nosniff');

    const logs = await h.get(
      `/v1/client/fs/logs/${placed.AllocID}?task=${q(HOSTILE_TASK)}&type=stdout&origin=start&offset=0&plain=true`,
    );
    const logText = await logs.text();
    expect(logText).toContain(HOSTILE.img);
    expect(logText).toContain(HOSTILE.iframe);
    expect(logText).toContain('\x1b]8;;javascript:');
  });

  it('is idempotent, and the events of its commits carry the payloads', async () => {
    h = await startMock();
    const first = await place(h);
    const index = h.runtime.store.index;
    const second = await place(h);
    expect(second).toEqual(first);
    expect(h.runtime.store.index).toBe(index);

    const res = await h.get('/v1/event/stream?topic=Job&index=1');
    const reader = res.body!.getReader();
    let seen = '';
    const decoder = new TextDecoder();
    while (!seen.includes(JSON.stringify(HOSTILE_JOB_ID).slice(1, -1))) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    expect(seen).toContain('JobRegistered');
    expect(seen).toContain(JSON.stringify(HOSTILE_JOB_ID).slice(1, -1));
  });

  it('with the hostile option the corpus is there from the start and comes back after a reset', async () => {
    h = await startMock({ hostile: true });
    expect((await h.get(`/v1/job/${q(HOSTILE_JOB_ID)}`)).status).toBe(200);
    expect((await h.post('/__mock/reset', '')).status).toBe(200);
    expect((await h.get(`/v1/job/${q(HOSTILE_JOB_ID)}`)).status).toBe(200);
    const placed = await place(h);
    const ls = await (await h.get(`/v1/client/fs/ls/${placed.AllocID}?path=alloc/data`)).text();
    expect(ls).toContain(ONE_MB_LINE_FILE);
  });
});
