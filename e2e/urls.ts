/**
 * The two servers the browser tests run against: ACLs off (default) and on.
 * `E2E_PORT=5000` moves them (5000 and 5001), so two runs can share a machine.
 */
const base = Number(process.env.E2E_PORT ?? 4781);
export const BASE_URL = `http://127.0.0.1:${base}`;
export const ACL_URL = `http://127.0.0.1:${base + 1}`;
/** Proxy mode: a mock started `--api-only` stands in for a real agent (P+2), and a server
 *  with NOMAD_ADDR pointing at it serves the dashboard (P+3). */
export const PROXY_UPSTREAM_URL = `http://127.0.0.1:${base + 2}`;
export const PROXY_URL = `http://127.0.0.1:${base + 3}`;
