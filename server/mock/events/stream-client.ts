/**
 * Test support: reads `/v1/event/stream` over real HTTP (node:http, so raw headers such as
 * the absence of Transfer-Encoding are visible) and collects its ndjson lines.
 */
import { get, type IncomingHttpHeaders } from 'node:http';
import type { EventBatch } from '../../../src/lib/nomad/types.ts';

export interface StreamClient {
  status: number;
  headers: IncomingHttpHeaders;
  /** Complete lines so far, without their `\n`. */
  lines: string[];
  /** Resolves once `pred(lines)` holds (checked on every new line). */
  until(pred: (lines: string[]) => boolean, what?: string): Promise<string[]>;
  /** Resolves when the server ends the body; gives the trailing text after the last `\n`. */
  ended: Promise<string>;
  close(): void;
}

export function batches(lines: readonly string[]): EventBatch[] {
  return lines.filter((l) => l !== '{}').map((l) => JSON.parse(l) as EventBatch);
}

export function openStream(base: string, path: string, headers: Record<string, string> = {}): Promise<StreamClient> {
  return new Promise((resolve, reject) => {
    const req = get(base + path, { headers }, (res) => {
      res.setEncoding('utf8');
      const lines: string[] = [];
      let partial = '';
      const waiters: { pred: (l: string[]) => boolean; done: (l: string[]) => void }[] = [];
      const check = () => {
        for (const w of [...waiters]) {
          if (w.pred(lines)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.done(lines);
          }
        }
      };
      let finish!: (tail: string) => void;
      const ended = new Promise<string>((r) => (finish = r));
      res.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop()!;
        lines.push(...parts);
        check();
      });
      res.on('end', () => finish(partial));
      res.on('close', () => finish(partial));
      res.on('error', () => finish(partial));
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        lines,
        until(pred, what = 'lines') {
          if (pred(lines)) return Promise.resolve(lines);
          return new Promise((done, fail) => {
            const timer = setTimeout(
              () => fail(new Error(`timed out waiting for ${what}; got ${lines.join(' | ')}`)),
              4000,
            );
            waiters.push({
              pred,
              done: (l) => {
                clearTimeout(timer);
                done(l);
              },
            });
            void ended.then(() => {
              if (!pred(lines)) {
                clearTimeout(timer);
                fail(new Error(`stream ended before ${what}; got ${lines.join(' | ')}`));
              }
            });
          });
        },
        ended,
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}
