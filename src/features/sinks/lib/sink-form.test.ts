import { describe, expect, it } from 'vitest';
import type { EventSink } from '@/lib/nomad/types.ts';
import {
  addressErrors,
  emptySinkForm,
  formFromSink,
  idErrors,
  newHeader,
  serverErrors,
  sinkBody,
  validateSinkForm,
} from './sink-form.ts';
import { newRow } from './topic-rows.ts';

const sink: EventSink = {
  ID: 'audit',
  Type: 'webhook',
  Address: 'http://127.0.0.1:9000/hook',
  Topics: { Job: ['web'], Node: ['*'] },
  Headers: { 'X-Team': 'ops' },
  LatestIndex: 42,
  CreateIndex: 5,
  ModifyIndex: 9,
};

describe('idErrors', () => {
  it("gives Nomad's messages, all of them", () => {
    expect(idErrors('')).toEqual(['Missing sink ID']);
    expect(idErrors('a b\0')).toEqual(['Sink ID contains a space', 'Sink ID contains a null character']);
    expect(idErrors('audit-log_1.v2')).toEqual([]);
    expect(idErrors('a/b')).toEqual(['Sink ID contains a slash']);
    expect(idErrors('x'.repeat(129))).toEqual(['Sink ID must be at most 128 characters']);
  });
});

describe('addressErrors', () => {
  it('requires an http(s) URL with a host and no credentials', () => {
    expect(addressErrors('  ')).toEqual(['Webhook sink requires a valid Address']);
    expect(addressErrors('localhost:8080')[0]).toMatch(/http or https/);
    expect(addressErrors('not a url')[0]).toMatch(/valid url/);
    expect(addressErrors('ftp://host/x')[0]).toBe('Webhook sink Address must use http or https, not "ftp:"');
    expect(addressErrors('http://u:p@host/x')[0]).toMatch(/credentials/);
    expect(addressErrors('https://hooks.example.com/nomad?x=1')).toEqual([]);
  });
});

describe('validateSinkForm', () => {
  it('collects errors per field', () => {
    const values = { ...emptySinkForm(), id: 'a b', topics: [newRow('')], headers: [newHeader('bad name', 'x')] };
    const errors = validateSinkForm(values);
    expect(errors.id).toEqual(['Sink ID contains a space']);
    expect(errors.address).toEqual(['Webhook sink requires a valid Address']);
    expect(errors.topics?.[0]).toMatch(/Choose a topic/);
    expect(errors.headers?.[0]).toBe('Header "bad name" is not a valid HTTP header name');
  });

  it('refuses unknown types with the seed message and passes a good form', () => {
    expect(validateSinkForm({ ...formFromSink(sink), type: 'kafka' }).type).toEqual(['Sink type invalid']);
    expect(validateSinkForm(formFromSink(sink))).toEqual({});
  });

  it('warnings alone do not block sending', () => {
    const values = { ...formFromSink(sink), topics: [newRow('Job'), newRow('Job', 'web')] };
    expect(validateSinkForm(values)).toEqual({});
  });
});

describe('sinkBody', () => {
  it('leaves LatestIndex out so an edit keeps progress; secret only when typed or removed', () => {
    const body = sinkBody(formFromSink(sink));
    expect(body).toEqual({
      ID: 'audit',
      Type: 'webhook',
      Address: 'http://127.0.0.1:9000/hook',
      Topics: { Job: ['web'], Node: ['*'] },
      Headers: { 'X-Team': 'ops' },
    });
    expect(sinkBody({ ...formFromSink(sink), secret: 's3' }).Secret).toBe('s3');
    expect(sinkBody({ ...formFromSink(sink), removeSecret: true }).Secret).toBe('');
    expect(sinkBody({ ...formFromSink(sink), headers: [newHeader('', '')] }).Headers).toBeNull();
  });

  it('refuses reserved headers and long secrets', () => {
    const values = { ...formFromSink(sink), headers: [newHeader('Content-Type', 'x')], secret: 's'.repeat(257) };
    const errors = validateSinkForm(values);
    expect(errors.headers).toEqual(['Header "Content-Type" is reserved']);
    expect(errors.secret?.[0]).toMatch(/at most 256/);
  });
});

describe('serverErrors', () => {
  it('spreads a multierror over its fields', () => {
    const text = '2 errors occurred:\n\t* Missing sink ID\n\t* Webhook sink requires a valid Address\n\n';
    expect(serverErrors(text)).toEqual({
      id: ['Missing sink ID'],
      address: ['Webhook sink requires a valid Address'],
    });
  });

  it('places single messages by what they name', () => {
    expect(serverErrors('Event sink name does not match request path')).toEqual({
      id: ['Event sink name does not match request path'],
    });
    expect(Object.keys(serverErrors('Sink type invalid'))).toEqual(['type']);
    expect(Object.keys(serverErrors('invalid topic key "a:b"'))).toEqual(['topics']);
    expect(Object.keys(serverErrors('database is locked'))).toEqual(['form']);
  });
});
