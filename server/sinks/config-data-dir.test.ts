import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';

describe('--data-dir', () => {
  it('comes from the flag, then NOMAD_LIVE_DATA_DIR, else stays unset (the state-directory default)', () => {
    expect(loadConfig(['--data-dir', '/d'], { NOMAD_LIVE_DATA_DIR: '/e' }, { port: 0 }).dataDir).toBe('/d');
    expect(loadConfig(['--data-dir=/f'], {}, { port: 0 }).dataDir).toBe('/f');
    expect(loadConfig([], { NOMAD_LIVE_DATA_DIR: '/e' }, { port: 0 }).dataDir).toBe('/e');
    expect(loadConfig([], {}, { port: 0 }).dataDir).toBeUndefined();
  });
});
