import { describe, expect, it } from 'vitest';
import { multierror, SinkValidationError, topicQuery, validateSinkInput } from './validate.ts';

const good = { ID: 'ops', Type: 'webhook', Address: 'https://hooks.example/n', Topics: { Allocation: ['*'] } };

function errorsOf(body: unknown): readonly string[] {
  try {
    validateSinkInput(body);
  } catch (err) {
    if (err instanceof SinkValidationError) return err.errors;
    throw err;
  }
  return [];
}

describe('validateSinkInput', () => {
  it('accepts a beta-style webhook sink and leaves optional fields absent', () => {
    expect(validateSinkInput(good)).toEqual({
      ...good,
      LatestIndex: undefined,
      Headers: undefined,
      Secret: undefined,
    });
  });

  it('reports the beta ID messages', () => {
    expect(errorsOf({ ...good, ID: '' })).toEqual(['Missing sink ID']);
    expect(errorsOf({ ...good, ID: 'a b' })).toEqual(['Sink ID contains a space']);
    expect(errorsOf({ ...good, ID: 'a\0b' })).toEqual(['Sink ID contains a null character']);
    expect(errorsOf({ ...good, ID: 'a/b' })).toEqual(['Sink ID contains a slash']);
  });

  it('rejects unknown types, missing and non-http addresses', () => {
    expect(errorsOf({ ...good, Type: 'kafka' })).toEqual(['Sink type invalid']);
    expect(errorsOf({ ...good, Address: '' })).toEqual(['Webhook sink requires a valid Address']);
    expect(errorsOf({ ...good, Address: 'ftp://x/y' })).toEqual([
      'Webhook sink Address must use http or https, not "ftp:"',
    ]);
    expect(errorsOf({ ...good, Address: 'not a url' })[0]).toMatch(/^Webhook sink Address must be a valid url: /);
  });

  it('rejects topics the event stream cannot express', () => {
    expect(errorsOf({ ...good, Topics: {} })).toEqual(['Sink requires at least one topic']);
    expect(errorsOf({ ...good, Topics: { Alloc: ['*'] } })[0]).toMatch(/^Topic "Alloc" is not a known event topic/);
    expect(errorsOf({ ...good, Topics: { Job: [] } })).toEqual(['Topic "Job" has no keys (use ["*"] for every key)']);
    expect(errorsOf({ ...good, Topics: { Job: ['a:b'] } })).toEqual(['Topic "Job" key "a:b" must not contain ":"']);
  });

  it('collects every problem', () => {
    expect(errorsOf({ ID: '', Type: 'x', Topics: null })).toEqual([
      'Missing sink ID',
      'Sink type invalid',
      'Sink requires at least one topic',
    ]);
  });

  it('checks the optional headers and secret', () => {
    expect(errorsOf({ ...good, Headers: { 'Bad Name': 'x' } })).toEqual([
      'Header "Bad Name" is not a valid HTTP header name',
    ]);
    expect(errorsOf({ ...good, Headers: { 'Content-Type': 'x' } })).toEqual(['Header "Content-Type" is reserved']);
    expect(errorsOf({ ...good, Headers: { 'X-A': 'a\r\nb' } })).toEqual([
      'Header "X-A" value must be a string without line breaks',
    ]);
    expect(errorsOf({ ...good, Secret: 5 })).toEqual(['Secret must be a string of at most 256 characters']);
    expect(validateSinkInput({ ...good, Headers: {}, Secret: '' })).toMatchObject({ Headers: null, Secret: '' });
  });
});

describe('multierror', () => {
  it('formats like go-multierror', () => {
    expect(multierror(['a'])).toBe('1 error occurred:\n\t* a\n\n');
    expect(multierror(['a', 'b'])).toBe('2 errors occurred:\n\t* a\n\t* b\n\n');
  });
});

describe('topicQuery', () => {
  it('writes one topic=Topic:Key per key, in order', () => {
    expect(topicQuery({ Job: ['web', 'api'], '*': ['*'] })).toBe('topic=Job%3Aweb&topic=Job%3Aapi&topic=*%3A*');
  });
});
