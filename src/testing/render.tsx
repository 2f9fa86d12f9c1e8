/**
 * Minimal component-test harness on react-dom (no extra libraries): renders into a
 * detached container inside a fresh QueryClient and a memory router, and offers
 * web-first style waiting. Use with `// @vitest-environment jsdom`.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createMemoryRouter, RouterProvider } from 'react-router';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

export interface Rendered {
  container: HTMLElement;
  client: QueryClient;
  router: ReturnType<typeof createMemoryRouter>;
  unmount: () => void;
}

export async function renderWithProviders(
  ui: ReactNode,
  { route = '/', path = '*' }: { route?: string; path?: string } = {},
): Promise<Rendered> {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter([{ path, element: ui }], { initialEntries: [route] });
  const container = document.createElement('div');
  document.body.append(container);
  let root: Root | undefined;
  await act(async () => {
    root = createRoot(container);
    root.render(
      <QueryClientProvider client={client}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    );
  });
  return {
    container,
    client,
    router,
    unmount: () => {
      act(() => root?.unmount());
      container.remove();
      client.clear();
    },
  };
}

/** Retries `check` until it stops throwing (or `timeout` ms pass), letting React and timers run. */
export async function waitFor<T>(check: () => T, timeout = 2_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return check();
    } catch (err) {
      if (Date.now() - start > timeout) throw err;
      await act(async () => {
        await new Promise((r) => setTimeout(r, 20));
      });
    }
  }
}

export function byRole(container: HTMLElement, selector: string): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(selector)];
}

/** Sets a form control's value the way a user would, so React's onChange fires. */
export function changeValue(el: HTMLInputElement | HTMLSelectElement, value: string): void {
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  act(() => {
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}
