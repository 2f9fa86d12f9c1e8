import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to mock mode on loopback', () => {
    const c = loadConfig([], {}, { port: 4700 });
    expect(c).toMatchObject({ mode: 'mock', host: '127.0.0.1', port: 4700, apiOnly: false, seed: 1, acl: false });
  });

  it('takes flags over environment, in both --flag value and --flag=value forms', () => {
    const c = loadConfig(
      ['--port', '5000', '--host=0.0.0.0', '--acl', '--seed=7'],
      { PORT: '6000', HOST: 'x' },
      { port: 4700 },
    );
    expect(c).toMatchObject({ port: 5000, host: '0.0.0.0', acl: true, seed: 7 });
  });

  it('reads PORT, HOST and NOMAD_LIVE_* from the environment', () => {
    const c = loadConfig(
      [],
      { PORT: '4800', HOST: '::1', NOMAD_LIVE_ACL: 'true', NOMAD_LIVE_SEED: '42' },
      { port: 4700 },
    );
    expect(c).toMatchObject({ port: 4800, host: '::1', acl: true, seed: 42 });
  });

  it('switches to proxy mode when NOMAD_ADDR is set', () => {
    expect(loadConfig([], { NOMAD_ADDR: 'https://nomad.example:4646' }, { port: 4700 })).toMatchObject({
      mode: 'proxy',
      nomadAddr: 'https://nomad.example:4646',
    });
    expect(loadConfig([], { NOMAD_ADDR: '  ' }, { port: 4700 }).mode).toBe('mock');
  });

  it('rejects bad values and unknown flags with a clear error', () => {
    expect(() => loadConfig(['--port', 'abc'], {}, { port: 1 })).toThrow(
      new ConfigError('port must be a whole number, got "abc"'),
    );
    expect(() => loadConfig(['--port', '70000'], {}, { port: 1 })).toThrow(/between 0 and 65535/);
    expect(() => loadConfig(['--port'], {}, { port: 1 })).toThrow('--port needs a value');
    expect(() => loadConfig(['--bogus'], {}, { port: 1 })).toThrow('unknown flag --bogus');
    expect(() => loadConfig(['--acl=maybe'], {}, { port: 1 })).toThrow(/true or false/);
  });
});

describe('log and filesystem flags of the mock', () => {
  it('reads --log-rate, --log-firehose and --fs-errors-200, with env fallbacks and defaults', () => {
    expect(loadConfig([], {}, { port: 1 })).toMatchObject({ logRate: 4, logFirehose: undefined, fsErrorsAs200: false });
    expect(loadConfig(['--log-rate', '50', '--log-firehose', '--fs-errors-200'], {}, { port: 1 })).toMatchObject({
      logRate: 50,
      logFirehose: 10_000,
      fsErrorsAs200: true,
    });
    expect(
      loadConfig(
        [],
        { NOMAD_LIVE_LOG_RATE: '0', NOMAD_LIVE_LOG_FIREHOSE: '1', NOMAD_LIVE_FS_ERRORS_200: 'true' },
        { port: 1 },
      ),
    ).toMatchObject({ logRate: 0, logFirehose: 10_000, fsErrorsAs200: true });
    expect(() => loadConfig(['--log-rate', 'fast'], {}, { port: 1 })).toThrow(
      'log-rate must be a whole number, got "fast"',
    );
  });
});

describe('exec switches of the mock', () => {
  it('reads --exec-exit-close and --exec-version, with env fallbacks, defaults and a clear error', () => {
    expect(loadConfig([], {}, { port: 1 })).toMatchObject({ execExitClose: 'drop', execVersion: 'current' });
    expect(loadConfig(['--exec-exit-close', 'normal', '--exec-version=legacy'], {}, { port: 1 })).toMatchObject({
      execExitClose: 'normal',
      execVersion: 'legacy',
    });
    expect(loadConfig([], { NOMAD_LIVE_EXEC_VERSION: 'legacy' }, { port: 1 })).toMatchObject({ execVersion: 'legacy' });
    expect(() => loadConfig(['--exec-exit-close', 'slam'], {}, { port: 1 })).toThrow(
      '--exec-exit-close must be one of drop, normal, not "slam"',
    );
  });
});

describe('--faults', () => {
  it('reads a fault configuration as JSON, from the flag or NOMAD_LIVE_FAULTS, and names a bad field', () => {
    expect(loadConfig([], {}, { port: 1 }).faults).toBeUndefined();
    expect(loadConfig(['--faults', '{"drop":{"rate":0.1}}'], {}, { port: 1 }).faults).toMatchObject({
      seed: 1,
      drop: { rate: 0.1, afterBytes: [0, 65_536] },
    });
    expect(loadConfig([], { NOMAD_LIVE_FAULTS: '{"split":{"rate":1}}' }, { port: 1 }).faults).toMatchObject({
      split: { rate: 1 },
    });
    expect(() => loadConfig(['--faults', '{drop'], {}, { port: 1 })).toThrow(ConfigError);
    expect(() => loadConfig(['--faults', '{"drop":{"rate":3}}'], {}, { port: 1 })).toThrow(
      '--faults: drop.rate must be a probability from 0 to 1',
    );
  });
});
