/**
 * Server configuration from flags and environment, read the way the Nomad CLI reads its
 * environment (NOMAD_ADDR, NOMAD_TOKEN, …). Flags win over environment variables.
 */
import { FaultConfigError, parseFaultConfig, type FaultConfig } from './mock/faults/config.ts';

export type Mode = 'mock' | 'proxy';

export interface ServerConfig {
  mode: Mode;
  host: string;
  port: number;
  /** Serve only the API (`npm run mock`), like a Nomad agent on :4646. */
  apiOnly: boolean;
  seed: number;
  acl: boolean;
  /** Top the mock up to this many allocations (`--allocs 20000`); 0 = just the seed. */
  allocs: number;
  /** Set in proxy mode: the real agent's address. */
  nomadAddr: string | undefined;
  /** Event sinks' data directory (`--data-dir`, NOMAD_LIVE_DATA_DIR); undefined = the user's state directory. */
  dataDir: string | undefined;
  /** Proxy mode: NOMAD_TOKEN, for server-side workers (sinks); never logged. */
  nomadToken: string | undefined;
  /** Proxy mode TLS to the agent: NOMAD_CACERT, NOMAD_CLIENT_CERT, NOMAD_CLIENT_KEY (PEM file paths). */
  nomadCACert: string | undefined;
  nomadClientCert: string | undefined;
  nomadClientKey: string | undefined;
  /** NOMAD_SKIP_VERIFY: do not verify the agent's certificate. */
  nomadSkipVerify: boolean;
  /** Proxy mode opt-in (`--forward-nomad-token`): add NOMAD_TOKEN to browser requests that carry none. */
  forwardNomadToken: boolean;
  /** Run the mock's living-cluster scenario (`--no-scenario` freezes the cluster). */
  scenario: boolean;
  /** Scenario steps per second, or `max` (`--firehose`). */
  rate: number | 'max';
  /** Mock event broker `event_buffer_size` (batches). */
  eventBufferSize: number;
  /** Mock event stream heartbeat interval, ms. */
  eventHeartbeatMs: number;
  /** How the mock's event stream reports auth failures. */
  eventAuthStyle: 'hijack' | 'legacy';
  /** Mock log records per second per running task's stdout (`--log-rate`). */
  logRate: number;
  /** Records per second of every running task's stdout when `--log-firehose` is on. */
  logFirehose: number | undefined;
  /** nomad-api.md §4.3 [inferred]: cat/readat errors as HTTP 200 (`--fs-errors-200`). */
  fsErrorsAs200: boolean;
  /** §4.1: denied streaming fs endpoints answer 500, as via a forwarding server (`--fs-denied-500`). */
  fsDeniedAs500: boolean;
  /** §5.4: after the exit frame, drop the TCP connection (default) or send a 1000 close. */
  execExitClose: 'drop' | 'normal';
  /** §5: `legacy` = Nomad ≤ 2.0.2 exec (bad command/tty are HTTP 500 before the upgrade). */
  execVersion: 'current' | 'legacy';
  /** Mock fault injection from the start (`--faults '<json>'`, NOMAD_LIVE_FAULTS); see PUT /__mock/faults. */
  faults: FaultConfig | undefined;
  /** Mock: place the XSS corpus into names, metadata, files, logs and events (`--hostile`). */
  hostile: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const FLAGS_WITH_VALUES = new Set([
  '--port',
  '--data-dir',
  '--host',
  '--seed',
  '--allocs',
  '--rate',
  '--event-buffer-size',
  '--event-heartbeat',
  '--event-auth-style',
  '--log-rate',
  '--exec-exit-close',
  '--exec-version',
  '--faults',
]);
const BOOLEAN_FLAGS = new Set([
  '--acl',
  '--api-only',
  '--help',
  '--no-scenario',
  '--firehose',
  '--log-firehose',
  '--fs-errors-200',
  '--fs-denied-500',
  '--forward-nomad-token',
  '--hostile',
]);

export function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (BOOLEAN_FLAGS.has(name)) {
      flags.set(name, eq === -1 ? 'true' : arg.slice(eq + 1));
    } else if (FLAGS_WITH_VALUES.has(name)) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '') throw new ConfigError(`${name} needs a value`);
      flags.set(name, value);
    } else {
      throw new ConfigError(`unknown flag ${arg} (try --help)`);
    }
  }
  return flags;
}

function parseBool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|t|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|f|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function parseInteger(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Scenario pace: a positive number of steps per second (fractions allowed) or `max`. */
function parseRate(raw: string): number | 'max' {
  if (raw === 'max') return 'max';
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(n > 0) || n > 100_000) {
    throw new ConfigError(`rate must be a number of steps per second above 0 (at most 100000) or "max", got "${raw}"`);
  }
  return n;
}

/** A Go duration such as `30s` or `500ms`, as Nomad's config takes them; returns ms. */
function parseHeartbeat(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(raw);
  const ms = m ? Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000) : NaN;
  if (!(ms >= 10 && ms <= 3_600_000)) {
    throw new ConfigError(`event-heartbeat must be a duration between 10ms and 1h such as 30s or 500ms, got "${raw}"`);
  }
  return Math.round(ms);
}

function parseAuthStyle(raw: string): 'hijack' | 'legacy' {
  if (raw === 'hijack' || raw === 'legacy') return raw;
  throw new ConfigError(`event-auth-style must be hijack or legacy, got "${raw}"`);
}

/** Records per second of a `--log-firehose` stdout (about 2.5 MB/s). */
export const LOG_FIREHOSE_RATE = 10_000;

export interface ConfigDefaults {
  port: number;
  apiOnly?: boolean;
}

function parseFaults(raw: string | undefined): FaultConfig | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ConfigError(`--faults must be JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return parseFaultConfig(json);
  } catch (err) {
    if (err instanceof FaultConfigError) throw new ConfigError(`--faults: ${err.message}`);
    throw err;
  }
}

export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv, defaults: ConfigDefaults): ServerConfig {
  const flags = parseFlags(argv);
  const nomadAddr = env.NOMAD_ADDR?.trim() || undefined;
  const portRaw = flags.get('--port') ?? env.PORT;
  return {
    mode: nomadAddr ? 'proxy' : 'mock',
    // An empty HOST (a blank line in a .env file) means the default, never "every interface".
    host: flags.get('--host') ?? (env.HOST?.trim() || '127.0.0.1'),
    port: portRaw === undefined ? defaults.port : parseInteger('port', portRaw, 0, 65535),
    apiOnly: parseBool('--api-only', flags.get('--api-only'), defaults.apiOnly ?? false),
    seed: parseInteger('seed', flags.get('--seed') ?? env.NOMAD_LIVE_SEED ?? '1', 0, 2 ** 32 - 1),
    acl: parseBool('--acl', flags.get('--acl') ?? env.NOMAD_LIVE_ACL, false),
    allocs: parseInteger('allocs', flags.get('--allocs') ?? env.NOMAD_LIVE_ALLOCS ?? '0', 0, 200_000),
    nomadAddr,
    dataDir: flags.get('--data-dir') ?? (env.NOMAD_LIVE_DATA_DIR?.trim() || undefined),
    nomadToken: env.NOMAD_TOKEN?.trim() || undefined,
    nomadCACert: env.NOMAD_CACERT?.trim() || undefined,
    nomadClientCert: env.NOMAD_CLIENT_CERT?.trim() || undefined,
    nomadClientKey: env.NOMAD_CLIENT_KEY?.trim() || undefined,
    nomadSkipVerify: parseBool('NOMAD_SKIP_VERIFY', env.NOMAD_SKIP_VERIFY, false),
    forwardNomadToken: parseBool(
      '--forward-nomad-token',
      flags.get('--forward-nomad-token') ?? env.NOMAD_LIVE_FORWARD_NOMAD_TOKEN,
      false,
    ),
    scenario: !parseBool('--no-scenario', flags.get('--no-scenario'), env.NOMAD_LIVE_SCENARIO === '0'),
    rate: parseBool('--firehose', flags.get('--firehose'), false)
      ? 'max'
      : parseRate(flags.get('--rate') ?? env.NOMAD_LIVE_RATE ?? '2'),
    eventBufferSize: parseInteger(
      'event-buffer-size',
      flags.get('--event-buffer-size') ?? env.NOMAD_LIVE_EVENT_BUFFER_SIZE ?? '100',
      0,
      1_000_000,
    ),
    eventHeartbeatMs: parseHeartbeat(flags.get('--event-heartbeat') ?? env.NOMAD_LIVE_EVENT_HEARTBEAT ?? '30s'),
    eventAuthStyle: parseAuthStyle(flags.get('--event-auth-style') ?? env.NOMAD_LIVE_EVENT_AUTH_STYLE ?? 'hijack'),
    logRate: parseInteger('log-rate', flags.get('--log-rate') ?? env.NOMAD_LIVE_LOG_RATE ?? '4', 0, 1_000_000),
    logFirehose: parseBool('--log-firehose', flags.get('--log-firehose') ?? env.NOMAD_LIVE_LOG_FIREHOSE, false)
      ? LOG_FIREHOSE_RATE
      : undefined,
    fsErrorsAs200: parseBool('--fs-errors-200', flags.get('--fs-errors-200') ?? env.NOMAD_LIVE_FS_ERRORS_200, false),
    fsDeniedAs500: parseBool('--fs-denied-500', flags.get('--fs-denied-500') ?? env.NOMAD_LIVE_FS_DENIED_500, false),
    execExitClose: parseChoice(
      'exec-exit-close',
      flags.get('--exec-exit-close') ?? env.NOMAD_LIVE_EXEC_EXIT_CLOSE ?? 'drop',
      ['drop', 'normal'] as const,
    ),
    faults: parseFaults(flags.get('--faults') ?? env.NOMAD_LIVE_FAULTS),
    hostile: parseBool('--hostile', flags.get('--hostile') ?? env.NOMAD_LIVE_HOSTILE, false),
    execVersion: parseChoice('exec-version', flags.get('--exec-version') ?? env.NOMAD_LIVE_EXEC_VERSION ?? 'current', [
      'current',
      'legacy',
    ] as const),
  };
}

function parseChoice<T extends string>(name: string, raw: string, choices: readonly T[]): T {
  const found = choices.find((c) => c === raw);
  if (found === undefined) throw new ConfigError(`--${name} must be one of ${choices.join(', ')}, not "${raw}"`);
  return found;
}

export const USAGE = `Usage: nomad-live [flags]

  --port N       port to listen on (env PORT; default 4700, or 4646 with --api-only)
  --host H       address to bind (env HOST; default 127.0.0.1)
  --data-dir D   where event sinks and their progress are kept (env NOMAD_LIVE_DATA_DIR;
                 default $XDG_STATE_HOME/nomad-live or ~/.local/state/nomad-live)
  --api-only     serve only the Nomad API, like an agent (npm run mock)
  --seed N       mock cluster seed (env NOMAD_LIVE_SEED; default 1)
  --acl          enable ACLs in the mock and print the management token (env NOMAD_LIVE_ACL=1)
  --allocs N     top the mock up to N allocations with synthetic jobs, e.g. 20000 (env NOMAD_LIVE_ALLOCS)
  --no-scenario  freeze the mock cluster: no simulated activity (env NOMAD_LIVE_SCENARIO=0)
  --rate N       simulated activity in steps per second, or max (env NOMAD_LIVE_RATE; default 2)
  --firehose     same as --rate max: thousands of events per second, for benchmarks
  --event-buffer-size N      event broker buffer, in batches (default 100)
  --event-heartbeat D        event stream heartbeat, a duration like 30s or 500ms (default 30s)
  --event-auth-style S       hijack (Nomad 2.x: 200 then close) or legacy (403 text); default hijack
  --log-rate N   log lines per second per running task's stdout, stderr a fifth (env NOMAD_LIVE_LOG_RATE; default 4)
  --log-firehose every running task's stdout writes 10000 lines per second (env NOMAD_LIVE_LOG_FIREHOSE=1)
  --fs-errors-200  cat/readat errors answer 200 with the error text, as Nomad is inferred to (env NOMAD_LIVE_FS_ERRORS_200=1)
  --fs-denied-500  denied cat/readat/stream/logs answer 500 Permission denied, as via a forwarding server (env NOMAD_LIVE_FS_DENIED_500=1)
  --exec-exit-close S  after an exec exit frame: drop the connection (Nomad, default) or normal (a 1000 close)
  --exec-version V     current (default) or legacy: Nomad ≤ 2.0.2 exec, bad command/tty as HTTP 500 before the upgrade

  --hostile      mock: put an XSS corpus into job, task, node and file names, metadata, files, logs
                 and events, to check the UI shows it all as text (env NOMAD_LIVE_HOSTILE=1)

  --faults JSON  mock: inject faults into /v1 from the start, e.g. '{"drop":{"rate":0.1}}' (env NOMAD_LIVE_FAULTS);
                 the same JSON as PUT /__mock/faults (drops, stalls, drips, split writes, errors, garbling)

  NOMAD_ADDR     proxy a real Nomad agent instead of the mock, e.g. https://nomad.example:4646
  NOMAD_CACERT, NOMAD_CLIENT_CERT, NOMAD_CLIENT_KEY, NOMAD_SKIP_VERIFY   TLS to the agent, as for the nomad CLI
  NOMAD_TOKEN    the server's own token, used by event-sink workers; never sent for the browser unless:
  --forward-nomad-token  add NOMAD_TOKEN to browser requests that carry no token (env
                 NOMAD_LIVE_FORWARD_NOMAD_TOKEN=1). Anyone who can reach this server then acts with it.
`;
