/**
 * Proxy-mode options from the server configuration (one mapping for `npm start` and the
 * Vite plugin), and the loud start-up warning for the NOMAD_TOKEN opt-in.
 */
import type { ProxyHandlerOptions } from '../app.ts';
import type { ServerConfig } from '../config.ts';

export const FORWARD_TOKEN_WARNING = [
  '!!! WARNING: --forward-nomad-token is on. Browser requests that carry no token are sent to Nomad',
  "!!! with this server's NOMAD_TOKEN: anyone who can reach this server acts with that token's rights.",
  '!!! Bind to a trusted interface only, or turn the flag off and let each person use their own token.',
].join('\n');

export function proxyOptions(config: ServerConfig, log: (line: string) => void): ProxyHandlerOptions | undefined {
  if (config.mode !== 'proxy') return undefined;
  if (config.forwardNomadToken) {
    log(FORWARD_TOKEN_WARNING);
    if (!config.nomadToken) log('!!! (NOMAD_TOKEN is not set, so there is no token to add.)');
  }
  return {
    token: config.nomadToken,
    caCertFile: config.nomadCACert,
    clientCertFile: config.nomadClientCert,
    clientKeyFile: config.nomadClientKey,
    skipVerify: config.nomadSkipVerify,
    addTokenToBrowserRequests: config.forwardNomadToken,
    log,
  };
}
