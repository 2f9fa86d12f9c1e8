/**
 * `POST /__mock/exec/close`: ends open exec sessions as a failing agent would, so the
 * client's close handling can be tested for every documented code (nomad-api.md §5.4):
 * 1000 a normal close, 1008 a refusal, 1011 an internal error, and 1006 (no close frame,
 * the TCP connection just drops). Mock mode only, no token.
 */
import { badRequest } from '../../http/errors.ts';
import type { ExecEndpoint } from '../exec/endpoint.ts';
import { sendJson, type MockDeps, type RouteDef } from '../http-kit.ts';

export const EXEC_CLOSE_CODES = [1000, 1006, 1008, 1011] as const;
/** A close frame's reason must fit in 123 bytes (RFC 6455 §5.5). */
const MAX_REASON_BYTES = 123;

export function controlExecRoutes(deps: MockDeps, exec: Pick<ExecEndpoint, 'closeSessions'>): RouteDef[] {
  return [
    {
      methods: 'POST',
      pattern: '/__mock/exec/close',
      description:
        'Close open exec sockets: ?code=1000|1006|1008|1011 (1006 drops the connection without a close frame), ?reason=text, ?alloc=<ID prefix> (default all). Answers {"Closed": n}.',
      handler: (ex) => {
        const params = ex.url.searchParams;
        const code = Number(params.get('code') ?? '');
        if (!(EXEC_CLOSE_CODES as readonly number[]).includes(code)) {
          throw badRequest(`code must be one of ${EXEC_CLOSE_CODES.join(', ')}`);
        }
        const reason = params.get('reason') ?? '';
        if (Buffer.byteLength(reason) > MAX_REASON_BYTES) {
          throw badRequest(`reason must be at most ${MAX_REASON_BYTES} bytes (a WebSocket close frame limit)`);
        }
        if (code === 1006 && reason !== '') throw badRequest('code 1006 sends no close frame, so it takes no reason');
        const alloc = (params.get('alloc') ?? '').toLowerCase();
        if (!/^[0-9a-f-]*$/.test(alloc)) throw badRequest('alloc must be an allocation ID or a prefix of one');
        const closed = exec.closeSessions(code, reason, alloc);
        deps.log(`mock: closed ${closed} exec session(s) with ${code}${reason ? ` (${reason})` : ''}`);
        sendJson(ex, { Closed: closed });
      },
    },
  ];
}
