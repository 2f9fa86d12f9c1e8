// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders, type Rendered } from '@/testing/render.tsx';
import { JSON_TREE_STRING_LIMIT, JsonTree } from './json-tree.tsx';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
});

const toggles = (c: HTMLElement) => [...c.querySelectorAll<HTMLButtonElement>('button[aria-expanded]')];
const toggleNamed = (c: HTMLElement, name: string) =>
  toggles(c).find((b) => b.textContent?.includes(`${name}:`)) ?? fail(`no toggle ${name}`);
const click = (el: HTMLElement) => act(() => el.click());

describe('JsonTree', () => {
  const payload = {
    Allocation: { Name: 'web[0]', Count: 3, Healthy: true, Job: null, Tags: [], Meta: {} },
  };

  it('opens to the default depth, then expands and collapses with aria-expanded', async () => {
    view = await renderWithProviders(<JsonTree value={payload} label="Payload" />);
    const c = view.container;
    const root = toggleNamed(c, 'Payload');
    expect(root.getAttribute('aria-expanded')).toBe('true');
    expect(root.textContent).toContain('{…} 1 key');
    const alloc = toggleNamed(c, 'Allocation');
    expect(alloc.getAttribute('aria-expanded')).toBe('false');
    expect(c.textContent).not.toContain('web[0]');

    click(alloc);
    expect(alloc.getAttribute('aria-expanded')).toBe('true');
    expect(c.textContent).toContain('Name: "web[0]"');
    expect(c.textContent).toContain('Count: 3');
    expect(c.textContent).toContain('Healthy: true');
    expect(c.textContent).toContain('Job: null');
    expect(c.textContent).toContain('Tags: []');
    expect(c.textContent).toContain('Meta: {}');

    click(root);
    expect(root.getAttribute('aria-expanded')).toBe('false');
    expect(c.textContent).not.toContain('Allocation');
  });

  it('honours defaultExpandDepth and uses real buttons (keyboard reachable)', async () => {
    view = await renderWithProviders(<JsonTree value={{ a: { b: { c: 'deep' } } }} defaultExpandDepth={3} />);
    const c = view.container;
    expect(c.textContent).toContain('c: "deep"');
    for (const b of toggles(c)) {
      expect(b.tagName).toBe('BUTTON');
      expect(b.getAttribute('type')).toBe('button');
    }
    expect(toggles(c)).toHaveLength(3);
  });

  it('colours values by type, shows null as null', async () => {
    view = await renderWithProviders(<JsonTree value={{ s: 'x', n: 1, b: false, z: null }} />);
    const value = (key: string) =>
      [...view!.container.querySelectorAll('li')].find((li) => li.textContent?.startsWith(`${key}:`))!
        .lastElementChild as HTMLElement;
    expect(value('s').className).toContain('text-emerald-700');
    expect(value('n').className).toContain('text-sky-700');
    expect(value('b').className).toContain('text-violet-700');
    expect(value('z').textContent).toBe('null');
    expect(value('z').className).toContain('italic');
    expect(value('s').className).toContain('dark:text-emerald-300');
  });

  it('pages big arrays 100 children at a time', async () => {
    const items = Array.from({ length: 250 }, (_, i) => `item-${i}`);
    view = await renderWithProviders(<JsonTree value={items} label="Items" />);
    const c = view.container;
    const list = () => [...c.querySelectorAll('li')].filter((li) => /^\d+:/.test(li.textContent ?? ''));
    expect(toggleNamed(c, 'Items').textContent).toContain('250 items');
    expect(list()).toHaveLength(100);
    expect(c.textContent).toContain('item-99');
    expect(c.textContent).not.toContain('item-100');

    const more = () => [...c.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Show '));
    expect(more()?.textContent).toBe('Show 100 more (150 not shown)');
    click(more()!);
    expect(list()).toHaveLength(200);
    expect(more()?.textContent).toBe('Show 50 more (50 not shown)');
    click(more()!);
    expect(list()).toHaveLength(250);
    expect(c.textContent).toContain('item-249');
    expect(more()).toBeUndefined();
  });

  it('truncates long strings with a "show all" toggle', async () => {
    const long = `${'a'.repeat(JSON_TREE_STRING_LIMIT)}TAIL`;
    view = await renderWithProviders(<JsonTree value={{ Rules: long }} />);
    const c = view.container;
    expect(c.textContent).not.toContain('TAIL');
    const toggle = [...c.querySelectorAll('button')].find((b) => b.textContent?.startsWith('show all'))!;
    expect(toggle.textContent).toBe(`show all ${long.length} characters`);
    click(toggle);
    expect(c.textContent).toContain('TAIL');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    click(toggle);
    expect(c.textContent).not.toContain('TAIL');
  });

  it('renders strings and keys as text, never HTML', async () => {
    const html = '<img src=x onerror=alert(1)><b>bold</b>';
    view = await renderWithProviders(<JsonTree value={{ [html]: html }} />);
    const c = view.container;
    expect(c.querySelector('img')).toBeNull();
    expect(c.querySelector('b')).toBeNull();
    expect(c.textContent).toContain(`${html}: "${html}"`);
  });

  it('shows a scalar root', async () => {
    view = await renderWithProviders(<JsonTree value={null} label="Payload" />);
    expect(view.container.textContent).toBe('Payload: null');
    expect(toggles(view.container)).toHaveLength(0);
  });
});

function fail(message: string): never {
  throw new Error(message);
}
