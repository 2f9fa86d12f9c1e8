/**
 * Server configuration from flags and environment, read the way the Nomad CLI reads its
 * environment (NOMAD_ADDR, NOMAD_TOKEN, …). Flags win over environment variables.
 */

export type Mode = 'mock' | 'proxy';

export interface ServerConfig {
  mode: Mode;
  host: string;
  port: number;
  /** Serve only the API (`npm run mock`), like a Nomad agent on :4646. */
  apiOnly: boolean;
  seed: number;
  acl: boolean;
  /** Set in proxy mode: the real agent's address. */
  nomadAddr: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const FLAGS_WITH_VALUES = new Set(['--port', '--host', '--seed']);
const BOOLEAN_FLAGS = new Set(['--acl', '--api-only', '--help']);

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

export interface ConfigDefaults {
  port: number;
  apiOnly?: boolean;
}

export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv, defaults: ConfigDefaults): ServerConfig {
  const flags = parseFlags(argv);
  const nomadAddr = env.NOMAD_ADDR?.trim() || undefined;
  const portRaw = flags.get('--port') ?? env.PORT;
  return {
    mode: nomadAddr ? 'proxy' : 'mock',
    host: flags.get('--host') ?? env.HOST ?? '127.0.0.1',
    port: portRaw === undefined ? defaults.port : parseInteger('port', portRaw, 0, 65535),
    apiOnly: parseBool('--api-only', flags.get('--api-only'), defaults.apiOnly ?? false),
    seed: parseInteger('seed', flags.get('--seed') ?? env.NOMAD_LIVE_SEED ?? '1', 0, 2 ** 32 - 1),
    acl: parseBool('--acl', flags.get('--acl') ?? env.NOMAD_LIVE_ACL, false),
    nomadAddr,
  };
}

export const USAGE = `Usage: nomad-live [flags]

  --port N       port to listen on (env PORT; default 4700, or 4646 with --api-only)
  --host H       address to bind (env HOST; default 127.0.0.1)
  --api-only     serve only the Nomad API, like an agent (npm run mock)
  --seed N       mock cluster seed (env NOMAD_LIVE_SEED; default 1)
  --acl          enable ACLs in the mock and print the management token (env NOMAD_LIVE_ACL=1)

  NOMAD_ADDR     proxy a real cluster instead of the mock (not built yet)
`;
