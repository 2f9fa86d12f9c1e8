import type { Browser } from '@playwright/test';
import { exec } from './exec.ts';
import { load } from './load.ts';
import { logs } from './logs.ts';
import { soak } from './soak.ts';
import { timeline } from './timeline.ts';

export type Scenario = (browser: Browser) => Promise<Record<string, unknown>>;

/** Scenarios that run, in the order `npm run bench` runs them. */
export const SCENARIOS: Record<string, Scenario> = { timeline, load, logs, exec, soak };

/** Issue 8's scenarios this instrument does not measure yet, listed as such in every report. */
export const NOT_MEASURED: Record<string, string> = {
  'huge-log': 'not measured yet: 1 GB rotated log, tail visible, load older, filter over 200,000 lines',
  'big-file': 'not measured yet: 200 MB file, first screen, jump to middle',
};
