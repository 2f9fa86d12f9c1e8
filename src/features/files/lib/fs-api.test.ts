import { describe, expect, it } from 'vitest';
import { inlineError } from './fs-api.ts';

const enc = new TextEncoder();

describe('inlineError', () => {
  it('recognises an error text sent with HTTP 200', () => {
    const e = inlineError(
      enc.encode('Reading secret file prohibited: web/secrets/token'),
      4096,
      'GET /v1/client/fs/readat',
    );
    expect(e?.status).toBe(400);
    expect(e?.message).toContain('Reading secret file prohibited');
    expect(inlineError(enc.encode('stat /opt/nomad/alloc/x/y: no such file or directory'), 10, 'e')?.kind).toBe(
      'not-found',
    );
  });

  it('leaves real file contents alone, even ones that start like an error', () => {
    expect(inlineError(enc.encode('hello'), 5, 'e')).toBeUndefined();
    const text = 'Permission denied'; // a file holding exactly these bytes, read whole
    expect(inlineError(enc.encode(text), text.length, 'e')).toBeUndefined();
  });
});
