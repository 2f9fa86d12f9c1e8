// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeNomad } from '@/testing/fake-nomad.ts';
import { changeValue, renderWithProviders, waitFor, type Rendered } from '@/testing/render.tsx';
import { SinkEditor } from './sink-editor.tsx';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  vi.unstubAllGlobals();
});

const input = (label: string) => {
  const el = [...document.querySelectorAll('label')].find((l) => l.textContent === label);
  return document.getElementById(el!.htmlFor) as HTMLInputElement;
};
const describedText = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
const submit = () =>
  act(() => {
    document.querySelector('form')!.requestSubmit();
  });

describe('SinkEditor', () => {
  it("shows Nomad's ID message beside the field and sends nothing while the form is invalid", async () => {
    const fake = installFakeNomad();
    view = await renderWithProviders(
      <SinkEditor existing={undefined} takenIds={['taken']} onSaved={() => {}} onCancel={() => {}} />,
    );
    changeValue(input('ID'), 'has space');
    await submit();
    expect(describedText(input('ID'))).toContain('Sink ID contains a space');
    expect(describedText(input('Address'))).toContain('Webhook sink requires a valid Address');
    // A bad topic row shows its error once, on the row, even after a save attempt.
    changeValue(document.querySelector<HTMLInputElement>('input[aria-label="Topic 1"]')!, 'Jobs');
    const fieldset = document.querySelector('fieldset')!.textContent!;
    expect(fieldset.split('Topic "Jobs" is not a known event topic.')).toHaveLength(2);
    changeValue(input('ID'), 'taken');
    expect(describedText(input('ID'))).toContain('already exists');
    expect(fake.requests).toHaveLength(0);
  });

  it('keeps the input on a server error and puts each message next to its field', async () => {
    const fake = installFakeNomad();
    fake.set(
      '/v1/event/sink/audit',
      '2 errors occurred:\n\t* Webhook sink requires a valid Address\n\t* Topic "Job" key must be a string\n\n',
      { status: 400 },
    );
    const onSaved = vi.fn();
    view = await renderWithProviders(
      <SinkEditor existing={undefined} takenIds={[]} onSaved={onSaved} onCancel={() => {}} />,
    );
    changeValue(input('ID'), 'audit');
    changeValue(input('Address'), 'http://receiver.test/hook');
    await submit();
    await waitFor(() => expect(describedText(input('Address'))).toContain('Webhook sink requires a valid Address'));
    expect(document.querySelector('fieldset')!.textContent).toContain('Topic "Job" key must be a string');
    expect(input('ID').value).toBe('audit');
    expect(input('Address').value).toBe('http://receiver.test/hook');
    expect(onSaved).not.toHaveBeenCalled();
    const sent = fake.requests.find((r) => r.url.pathname === '/v1/event/sink/audit');
    expect(sent).toBeDefined();
    // Editing the field clears the server's message for it, not the others.
    changeValue(input('Address'), 'http://receiver.test/hook2');
    expect(describedText(input('Address'))).not.toContain('requires a valid Address');
    expect(document.querySelector('fieldset')!.textContent).toContain('Topic "Job" key must be a string');
  });

  it('names the capability on a 403', async () => {
    const fake = installFakeNomad();
    fake.set('/v1/event/sink/audit', 'Permission denied', { status: 403 });
    view = await renderWithProviders(
      <SinkEditor existing={undefined} takenIds={[]} onSaved={() => {}} onCancel={() => {}} />,
    );
    changeValue(input('ID'), 'audit');
    changeValue(input('Address'), 'http://receiver.test/hook');
    await submit();
    const alert = await waitFor(() => {
      const el = document.querySelector('[role="alert"]');
      if (!el) throw new Error('no alert yet');
      return el;
    });
    expect(alert.textContent).toContain('this needs a management token');
    expect(input('ID').value).toBe('audit');
  });
});
