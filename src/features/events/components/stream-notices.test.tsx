// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { INITIAL_STREAM_STATUS, type StreamStatus } from '@/lib/nomad/event-stream.ts';
import { renderWithProviders, type Rendered } from '@/testing/render.tsx';
import { StreamNotices } from './stream-notices.tsx';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
});

const base: StreamStatus = { ...INITIAL_STREAM_STATUS, state: 'live' };

async function text(patch: Partial<StreamStatus>): Promise<string> {
  view = await renderWithProviders(
    <StreamNotices status={{ ...base, ...patch }} topics={[]} namespace="default" start={{ from: 'now' }} />,
  );
  const out = view.container.textContent ?? '';
  view.unmount();
  view = undefined;
  return out;
}

describe('StreamNotices: unreadable lines', () => {
  it('says nothing when every line was read', async () => {
    expect(await text({})).toBe('');
  });

  it('says a garbled line was read again, and that nothing is missing then', async () => {
    const out = await text({ malformed: 2, rereads: 2, lastMalformed: '{"Ind' });
    expect(out).toBe(
      '2 lines from the server could not be read; the stream read again from the last good index 2 times.',
    );
  });

  it('warns that events may be missing when a line stayed unreadable, next to the gap notice', async () => {
    const out = await text({ malformed: 4, rereads: 3, unrecovered: 1, gap: { after: 5, resumedAt: 7 }, gaps: 1 });
    expect(out).toContain('Possible gap: after reconnecting, the stream resumed at index 7, not at 5');
    expect(out).toContain(
      'read again from the last good index 3 times; 1 line unreadable again and skipped, so events may be missing.',
    );
  });

  it('tells valid JSON that is not an event batch apart', async () => {
    expect(await text({ malformed: 1 })).toBe(
      '1 line from the server could not be read; 1 line that was not an event batch skipped.',
    );
  });
});
