/**
 * The bind rule: the console (and its mock, exec shell and control routes) listens on
 * loopback unless told otherwise; any other address gets a warning on stderr that is hard
 * to miss, because whoever can reach the port can act with the tokens it forwards.
 */
import { isIP } from 'node:net';

export type BindScope = 'loopback' | 'all-interfaces' | 'network';

export function bindScope(host: string): BindScope {
  const h = host
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  if (h === '' || h === '0.0.0.0' || h === '::' || h === '0:0:0:0:0:0:0:0') return 'all-interfaces';
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return 'loopback';
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h;
  if (isIP(v4) === 4 && v4.split('.')[0] === '127') return 'loopback';
  return 'network';
}

/** The multi-line warning for a non-loopback bind, or undefined on loopback. */
export function bindWarning(host: string, mode: 'mock' | 'proxy'): string | undefined {
  const scope = bindScope(host);
  if (scope === 'loopback') return undefined;
  const where =
    scope === 'all-interfaces'
      ? `ALL network interfaces (${host || 'unspecified address'})`
      : `a non-loopback address (${host})`;
  const risk =
    mode === 'mock'
      ? 'the mock cluster, its /__mock control routes and its simulated exec shell, with no authentication'
      : 'the Nomad API through this proxy, with whatever tokens the browsers (or --forward-nomad-token) supply';
  const bar = '!'.repeat(78);
  return [
    bar,
    `!! WARNING: nomad-live is listening on ${where}.`,
    `!! Anyone who can reach this port can use ${risk}.`,
    '!! Traffic is plain HTTP: tokens typed into the console cross the network unencrypted.',
    '!! Bind to 127.0.0.1 (the default: drop --host / HOST) and use an SSH tunnel or a TLS',
    '!! reverse proxy with authentication if others need access.',
    bar,
    '',
  ].join('\n');
}
