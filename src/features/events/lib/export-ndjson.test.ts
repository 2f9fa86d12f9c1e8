// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NomadEvent } from '@/lib/nomad/types.ts';
import { defaultExportFilename, downloadNdjson, eventJson, sanitizeFilename, toNdjson } from './export-ndjson.ts';

const events: NomadEvent[] = [
  {
    FilterKeys: ['web', ''],
    Index: 42,
    Key: '5e1c2a4b-8f3d-4c1e-9b7a-0d2e6f4a1b3c',
    Namespace: 'default',
    Payload: { Allocation: { Name: 'web.web[0]', Job: null, ClientDescription: 'line one\nline two ✓ 🚀' } },
    Topic: 'Allocation',
    Type: 'AllocationUpdated',
  },
  {
    FilterKeys: null,
    Index: 43,
    Key: 'readonly',
    Namespace: '',
    Payload: { ACLPolicy: { Name: 'readonly', Rules: 'namespace "*" {\n  policy = "read"\n}' } },
    Topic: 'ACLPolicy',
    Type: 'ACLPolicyUpserted',
  },
];

afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('toNdjson', () => {
  it('writes one JSON object per line with a trailing newline, and round-trips', () => {
    const out = toNdjson(events);
    expect(out.endsWith('\n')).toBe(true);
    const lines = out.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(events);
  });

  it('is empty for no events', () => {
    expect(toNdjson([])).toBe('');
  });

  it('never carries a token secret', () => {
    const token: NomadEvent = {
      FilterKeys: null,
      Index: 7,
      Key: 'acc',
      Namespace: '',
      Payload: { ACLToken: { AccessorID: 'acc', SecretID: 'b1d2f3a4-secret', Name: 'ci' } },
      Topic: 'ACLToken',
      Type: 'ACLTokenUpserted',
    };
    const out = toNdjson([token]);
    expect(out).not.toContain('b1d2f3a4-secret');
    expect(JSON.parse(out)).toMatchObject({ Payload: { ACLToken: { AccessorID: 'acc', SecretID: '', Name: 'ci' } } });
    expect(eventJson(token, 2)).not.toContain('b1d2f3a4-secret');
  });
});

describe('sanitizeFilename', () => {
  it.each([
    ['events', 'events.ndjson'],
    ['events.ndjson', 'events.ndjson'],
    ['../../etc/passwd', 'passwd.ndjson'],
    ['C:\\Users\\me\\x.NDJSON', 'x.ndjson'],
    ['a<b>c:d"e|f?g*h', 'a-b-c-d-e-f-g-h.ndjson'],
    ['line\nbreak\u0000', 'line-break-.ndjson'],
    ['.hidden', 'hidden.ndjson'],
    ['', 'nomad-events.ndjson'],
    ['...', 'nomad-events.ndjson'],
    ['dir/', 'nomad-events.ndjson'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeFilename(input)).toBe(expected);
  });

  it('bounds the length', () => {
    const name = sanitizeFilename('x'.repeat(500));
    expect(name.length).toBe(120);
    expect(name.endsWith('.ndjson')).toBe(true);
  });

  it('builds a timestamped default', () => {
    expect(defaultExportFilename(new Date(2024, 4, 1, 14, 3, 9))).toBe('nomad-events-20240501-140309.ndjson');
  });
});

describe('downloadNdjson', () => {
  it('clicks a temporary anchor on an object URL with the sanitized name, then revokes the URL', async () => {
    vi.useFakeTimers();
    const blobs: Blob[] = [];
    const create = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:http://localhost/abc';
    });
    const revoke = vi.fn();
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke });
    const clicked: { href: string; download: string; attached: boolean }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download, attached: this.isConnected });
    });

    downloadNdjson(events, '../timeline export');

    expect(click).toHaveBeenCalledTimes(1);
    expect(clicked).toEqual([
      { href: 'blob:http://localhost/abc', download: 'timeline export.ndjson', attached: true },
    ]);
    expect(document.querySelector('a')).toBeNull();
    expect(blobs[0]!.type).toBe('application/x-ndjson');
    expect(revoke).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(revoke).toHaveBeenCalledWith('blob:http://localhost/abc');

    vi.useRealTimers();
    const text = await new Promise<unknown>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.readAsText(blobs[0]!);
    });
    expect(text).toBe(toNdjson(events));
  });
});
