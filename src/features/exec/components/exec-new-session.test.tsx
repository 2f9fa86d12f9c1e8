// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders, type Rendered } from '@/testing/render.tsx';
import { commandLineFromParam } from '../hooks/use-exec-url.ts';
import { ExecNewSession } from './exec-new-session.tsx';

let r: Rendered | undefined;
afterEach(() => {
  r?.unmount();
  r = undefined;
});

const tasks = [
  { name: 'web', state: 'running', driver: 'docker' },
  { name: 'sidecar', state: 'dead', driver: 'docker' },
];

async function render(commandLine: string, onOpen = vi.fn()) {
  r = await renderWithProviders(
    <ExecNewSession tasks={tasks} task="web" commandLine={commandLine} tty onChange={() => {}} onOpen={onOpen} />,
  );
  const button = [...r.container.querySelectorAll('button')].find((b) => b.textContent === 'Open session')!;
  return { container: r.container, button, onOpen };
}

describe('ExecNewSession', () => {
  it('shows the argv that will be sent and opens with it', async () => {
    const { container, button, onOpen } = await render(`/bin/sh -c 'echo "a b"'`);
    expect(container.textContent).toContain('Sends ["/bin/sh","-c","echo \\"a b\\""]');
    expect(container.querySelector('select')?.textContent).toContain('sidecar (dead)');
    await act(async () => button.click());
    expect(onOpen).toHaveBeenCalledWith(['/bin/sh', '-c', 'echo "a b"']);
  });

  it('mentions the /bin/sh fallback for the default command', async () => {
    const { container } = await render('/bin/bash');
    expect(container.textContent).toContain('falls back to ["/bin/sh"]');
  });

  it('explains a command that cannot be split and refuses to open it', async () => {
    const { container, button, onOpen } = await render(`echo 'oops`);
    expect(container.textContent).toContain('unterminated single quote');
    expect(container.querySelector('input:not([type])')?.getAttribute('aria-invalid')).toBe('true');
    expect(button.disabled).toBe(true);
    await act(async () => button.click());
    expect(onOpen).not.toHaveBeenCalled();
  });
});

describe('commandLineFromParam', () => {
  it('reads a shell-like line or a JSON array', () => {
    expect(commandLineFromParam('ls -la')).toBe('ls -la');
    expect(commandLineFromParam('["/bin/sh","-c","echo hi"]')).toBe(`/bin/sh -c 'echo hi'`);
    expect(commandLineFromParam('[not json')).toBe('[not json');
    expect(commandLineFromParam('[]')).toBe('[]');
    expect(commandLineFromParam('')).toBeNull();
    expect(commandLineFromParam(null)).toBeNull();
  });
});
