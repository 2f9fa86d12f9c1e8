/**
 * Where fs responses write their body: the response itself, or — when the client accepts
 * gzip, as Nomad's gorilla CompressHandler honours for every route — a gzip stream that
 * is sync-flushed after each write, so frames still reach the client one by one.
 */
import type { ServerResponse } from 'node:http';
import { constants, createGzip, type Gzip } from 'node:zlib';

export interface Sink {
  write(chunk: string | Buffer): void;
  end(): void;
  /** The socket is not keeping up: stop producing until `onDrain`. */
  readonly congested: boolean;
  readonly destroyed: boolean;
  /** Calls `fn` once when writing may resume (or the response closed). */
  onDrain(fn: () => void): void;
}

export function acceptsGzip(res: ServerResponse): boolean {
  const header = res.req?.headers['accept-encoding'];
  return typeof header === 'string' && /(^|[\s,])gzip($|[\s,;])/i.test(header);
}

/** Sets Content-Encoding when compressing; call before the headers are sent. */
export function openSink(res: ServerResponse): Sink {
  let gz: Gzip | undefined;
  if (acceptsGzip(res)) {
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
    gz = createGzip();
    gz.pipe(res);
    res.once('close', () => gz?.destroy());
  }
  const target = gz ?? res;
  return {
    write(chunk) {
      if (res.destroyed || target.destroyed || target.writableEnded) return;
      target.write(chunk);
      gz?.flush(constants.Z_SYNC_FLUSH);
    },
    end() {
      if (!target.destroyed && !target.writableEnded) target.end();
    },
    get congested() {
      return target.writableNeedDrain || res.writableNeedDrain;
    },
    get destroyed() {
      return res.destroyed;
    },
    onDrain(fn) {
      const emitters = gz && gz.writableNeedDrain ? [gz, res] : [res];
      let called = false;
      const go = (): void => {
        if (called) return;
        called = true;
        for (const e of emitters) e.off('drain', go);
        res.off('close', go);
        fn();
      };
      for (const e of emitters) e.on('drain', go);
      res.on('close', go);
    },
  };
}
