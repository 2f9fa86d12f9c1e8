/**
 * The two servers the browser tests run against: ACLs off (default) and on.
 * `E2E_PORT=5000` moves them (5000 and 5001), so two runs can share a machine.
 */
const base = Number(process.env.E2E_PORT ?? 4781);
export const BASE_URL = `http://127.0.0.1:${base}`;
export const ACL_URL = `http://127.0.0.1:${base + 1}`;
