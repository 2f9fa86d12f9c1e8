// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders, type Rendered } from '@/testing/render.tsx';
import { formatRate, RateSparkline, sparklinePoints } from './rate-sparkline.tsx';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
});

describe('formatRate', () => {
  it.each([
    [0, '0'],
    [0.25, '0.3'],
    [2.5, '2.5'],
    [3, '3'],
    [37.4, '37'],
    [1234, '1.2k'],
    [15_432, '15k'],
    [-4, '0'],
    [Number.NaN, '0'],
    [Number.POSITIVE_INFINITY, '0'],
  ])('%d → %s', (n, text) => {
    expect(formatRate(n)).toBe(text);
  });
});

describe('sparklinePoints', () => {
  it('scales the highest sample to the top and zero to the bottom', () => {
    expect(sparklinePoints([0, 5, 10], 80, 20)).toBe('0,20 40,10.5 80,1');
  });

  it('keeps a quiet stream low (1 event/s floor) and treats bad samples as 0', () => {
    expect(sparklinePoints([0.5, Number.NaN, -1], 80, 20)).toBe('0,10.5 40,20 80,20');
  });

  it('draws a flat line for no samples and a level line for one', () => {
    expect(sparklinePoints([], 80, 20)).toBe('0,20 80,20');
    expect(sparklinePoints([4], 80, 20)).toBe('0,1 80,1');
  });
});

describe('RateSparkline', () => {
  it('is an image labelled with the latest value, with the value as text beside it', async () => {
    view = await renderWithProviders(<RateSparkline samples={[3, 8, 42.4]} label="Event rate" />);
    const img = view.container.querySelector('[role="img"]')!;
    expect(img.tagName.toLowerCase()).toBe('svg');
    expect(img.getAttribute('aria-label')).toBe('Event rate: 42 events/s');
    expect(img.querySelector('polyline')?.getAttribute('points')).toBe(sparklinePoints([3, 8, 42.4]));
    expect(view.container.textContent).toBe('42/s');
  });

  it('says 0 before any sample', async () => {
    view = await renderWithProviders(<RateSparkline samples={[]} label="Event rate" />);
    expect(view.container.querySelector('[role="img"]')?.getAttribute('aria-label')).toBe('Event rate: 0 events/s');
  });
});
