import type { Browser } from '@playwright/test';
import { bigFile } from './big-file.ts';
import { exec } from './exec.ts';
import { hugeLog } from './huge-log.ts';
import { load } from './load.ts';
import { logs } from './logs.ts';
import { soak } from './soak.ts';
import { timeline } from './timeline.ts';

export type Scenario = (browser: Browser) => Promise<Record<string, unknown>>;

/** Scenarios that run, in the order `npm run bench` runs them. */
export const SCENARIOS: Record<string, Scenario> = {
  timeline,
  load,
  logs,
  'huge-log': hugeLog,
  'big-file': bigFile,
  exec,
  soak,
};

/** Issue 8's scenarios this instrument does not measure yet, listed as such in every report. */
export const NOT_MEASURED: Record<string, string> = {};
