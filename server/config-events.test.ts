import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig: scenario and event stream flags', () => {
  it('defaults to a living cluster at a readable pace, Nomad’s buffer and heartbeat, 2.x auth style', () => {
    expect(loadConfig([], {}, { port: 1 })).toMatchObject({
      scenario: true,
      rate: 2,
      eventBufferSize: 100,
      eventHeartbeatMs: 30_000,
      eventAuthStyle: 'hijack',
    });
  });

  it('reads the flags, and the environment when no flag is given', () => {
    const c = loadConfig(
      [
        '--no-scenario',
        '--rate',
        '0.5',
        '--event-buffer-size=7',
        '--event-heartbeat',
        '500ms',
        '--event-auth-style=legacy',
      ],
      { NOMAD_LIVE_RATE: '9' },
      { port: 1 },
    );
    expect(c).toMatchObject({
      scenario: false,
      rate: 0.5,
      eventBufferSize: 7,
      eventHeartbeatMs: 500,
      eventAuthStyle: 'legacy',
    });
    expect(loadConfig(['--firehose'], {}, { port: 1 }).rate).toBe('max');
    expect(loadConfig(['--rate', 'max'], {}, { port: 1 }).rate).toBe('max');
    expect(
      loadConfig([], { NOMAD_LIVE_SCENARIO: '0', NOMAD_LIVE_RATE: '9', NOMAD_LIVE_EVENT_HEARTBEAT: '2s' }, { port: 1 }),
    ).toMatchObject({ scenario: false, rate: 9, eventHeartbeatMs: 2000 });
  });

  it('refuses bad values with a clear message', () => {
    expect(() => loadConfig(['--rate', '0'], {}, { port: 1 })).toThrow(ConfigError);
    expect(() => loadConfig(['--rate', 'fast'], {}, { port: 1 })).toThrow(/rate must be a number/);
    expect(() => loadConfig(['--event-heartbeat', '30'], {}, { port: 1 })).toThrow(/duration/);
    expect(() => loadConfig(['--event-buffer-size', '-1'], {}, { port: 1 })).toThrow(/whole number/);
    expect(() => loadConfig(['--event-auth-style', 'strict'], {}, { port: 1 })).toThrow(
      'event-auth-style must be hijack or legacy, got "strict"',
    );
  });
});
