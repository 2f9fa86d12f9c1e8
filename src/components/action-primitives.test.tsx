// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders, type Rendered } from '@/testing/render.tsx';
import { ActionDialog } from './action-dialog.tsx';
import { GuardedButton } from './guarded-button.tsx';
import { LineChart } from './line-chart.tsx';

let r: Rendered | undefined;
afterEach(() => {
  r?.unmount();
  r = undefined;
});

describe('GuardedButton', () => {
  it('stays focusable, describes why it is disabled, and does nothing when pressed', async () => {
    const onClick = vi.fn();
    r = await renderWithProviders(
      <GuardedButton onClick={onClick} disabledReason="The token lacks alloc-lifecycle.">
        Stop
      </GuardedButton>,
    );
    const button = r.container.querySelector('button')!;
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.disabled).toBe(false);
    const described = document.getElementById(button.getAttribute('aria-describedby')!);
    expect(described?.textContent).toBe('The token lacks alloc-lifecycle.');
    act(() => button.click());
    expect(onClick).not.toHaveBeenCalled();
  });

  it('works normally without a reason', async () => {
    const onClick = vi.fn();
    r = await renderWithProviders(<GuardedButton onClick={onClick}>Stop</GuardedButton>);
    const button = r.container.querySelector('button')!;
    expect(button.hasAttribute('aria-disabled')).toBe(false);
    act(() => button.click());
    expect(onClick).toHaveBeenCalledOnce();
  });
});

describe('ActionDialog', () => {
  const base = {
    open: true,
    title: 'Stop allocation',
    confirmLabel: 'Stop',
    pendingLabel: 'Stopping…',
    onClose: () => undefined,
  };

  it('shows progress, then the error, then the result', async () => {
    const onConfirm = vi.fn();
    r = await renderWithProviders(
      <ActionDialog {...base} status="idle" onConfirm={onConfirm}>
        <p>What will happen.</p>
      </ActionDialog>,
    );
    const submit = () => r!.container.querySelector<HTMLButtonElement>('button[type=submit]');
    expect(r.container.textContent).toContain('What will happen.');
    act(() => submit()!.click());
    expect(onConfirm).toHaveBeenCalledOnce();

    r.unmount();
    r = await renderWithProviders(
      <ActionDialog {...base} status="pending" onConfirm={onConfirm}>
        x
      </ActionDialog>,
    );
    expect(submit()!.disabled).toBe(true);
    expect(submit()!.textContent).toBe('Stopping…');
    r.unmount();
    r = await renderWithProviders(
      <ActionDialog {...base} status="error" error={new Error('Task not found (POST /v1/x)')} onConfirm={onConfirm}>
        x
      </ActionDialog>,
    );
    expect(r.container.querySelector('[role=alert]')?.textContent).toContain('Stop allocation failed');
    expect(r.container.querySelector('[role=alert]')?.textContent).toContain('Task not found');
    r.unmount();
    r = await renderWithProviders(
      <ActionDialog {...base} status="success" result="Evaluation 1234 created." onConfirm={onConfirm}>
        x
      </ActionDialog>,
    );
    expect(r.container.querySelector('[role=status]')?.textContent).toBe('Evaluation 1234 created.');
    expect(submit()).toBeNull();
  });
});

describe('LineChart', () => {
  it('announces the latest value against its limit, and says when there is none', async () => {
    r = await renderWithProviders(
      <LineChart
        label="CPU"
        points={[
          { t: 1000, v: 100 },
          { t: 4000, v: 250 },
        ]}
        max={500}
        format={(v) => `${v} MHz`}
        limitLabel="of 500 MHz"
      />,
    );
    expect(r.container.querySelector('svg')?.getAttribute('aria-label')).toBe('CPU: 250 MHz of 500 MHz');
    expect(r.container.querySelectorAll('path')).toHaveLength(2);
    r.unmount();
    r = await renderWithProviders(<LineChart label="Memory" points={[]} max={1} format={String} />);
    expect(r.container.querySelector('svg')?.getAttribute('aria-label')).toBe('Memory: no samples yet');
  });

  it('grows past the limit instead of clipping a spike', async () => {
    r = await renderWithProviders(
      <LineChart
        label="CPU"
        points={[
          { t: 0, v: 100 },
          { t: 1, v: 900 },
        ]}
        max={500}
        format={String}
        height={50}
      />,
    );
    const line = r.container.querySelectorAll('path')[1]!.getAttribute('d')!;
    // The spike reaches the top of the chart (y = 1), the limit line is not drawn.
    expect(line).toMatch(/L240\.0,1\.0$/);
    expect(r.container.querySelector('line')).toBeNull();
  });
});
