/**
 * Test support: a mock cluster behind a real `node:http` server on an ephemeral port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockClusterOptions } from './cluster.ts';
import { createRuntime, type MockRuntime } from './runtime.ts';

/** A fixed clock so seeded content is reproducible in tests. */
export const FIXED_NOW = Date.parse('2025-11-21T12:00:00Z');

export interface Harness {
  base: string;
  runtime: MockRuntime;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startMock(opts: MockClusterOptions = {}): Promise<Harness> {
  const runtime = createRuntime({ now: () => FIXED_NOW, ...opts });
  const server: Server = createServer((req, res) => runtime.cluster.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    runtime,
    get: (path, headers = {}) => fetch(base + path, { headers }),
    post: (path, body, headers = {}) =>
      fetch(base + path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async close() {
      await runtime.cluster.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The secret of a demo token by name. */
export function secretOf(h: Harness, name: string): string {
  const token = h.runtime.cluster.tokens.find((t) => t.name === name);
  if (!token) throw new Error(`no demo token named ${name}`);
  return token.secretId;
}
