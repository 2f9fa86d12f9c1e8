/**
 * `GET /v1/client/allocation/:id/exec` upgraded to a WebSocket, as a Nomad 2.0.3+ agent
 * serves it (nomad-api.md §5): upgrade first (gorilla's origin check → 403), then the
 * `ws_handshake` frame, then the request's parsing and the server's and client's checks,
 * each failure a close frame (500 → 1011, anything else → 1008, Nomad's texts). A session
 * runs a simulated program (shell.ts) and ends with the stream close frames and the exit
 * frame, after which the TCP connection is dropped without a close frame.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { HttpError, PERMISSION_DENIED } from '../../http/errors.ts';
import { ENDPOINT_REQUIREMENTS, NODE_EXEC_DRIVERS, allows } from '../acl/capabilities.ts';
import { tokenFromRequest } from '../acl/tokens.ts';
import type { Timers } from '../events/timers.ts';
import type { FsRegistry } from '../fs/registry.ts';
import type { MockDeps, RouteDef } from '../http-kit.ts';
import { findAlloc, reachableNode } from '../lifecycle/client-errors.ts';
import { GoJsonError } from '../lifecycle/go-json.ts';
import { isTerminalClient } from '../views.ts';
import type { AllocationWire, TaskWire } from '../wire.ts';
import { PROGRAMS, type ShellState } from './programs.ts';
import {
  decodeClientFrame,
  ExecError,
  exitFrame,
  MAX_CLOSE_REASON_BYTES,
  parseExecRequest,
  readHandshake,
  wantsHandshake,
  type ExecRequest,
} from './protocol.ts';
import { runShell } from './shell.ts';
import { taskEnv, taskFacts, TaskFs, type TaskFacts } from './task-world.ts';
import { Output, SessionClosed, Terminal } from './terminal.ts';

export interface ExecEndpointOptions {
  fs: FsRegistry;
  timers: Timers;
  /**
   * After the exit frame: `drop` the TCP connection without a close frame (default; what
   * §5.4 describes, browsers report 1006) or send a `normal` 1000 close frame first.
   */
  exitClose?: 'drop' | 'normal';
  /**
   * `current` (2.0.3+, default): upgrade first, every error a close frame, a header token
   * must match the handshake's. `legacy` (≤2.0.2, 1.11.x): a bad `command` or `tty` is an
   * HTTP 500 before the upgrade, and there is no mismatch check (nomad-api.md §9).
   */
  version?: 'current' | 'legacy';
}

export interface ExecEndpoint {
  /** Claims the upgrade when the path is an exec endpoint; false otherwise. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** A plain (non-upgrade) request answers like gorilla's failed upgrade. */
  routes: RouteDef[];
  /**
   * Ends open sessions (all, or those whose allocation ID starts with `allocPrefix`) the way
   * a failing agent would: `code` 1006 drops the TCP connection without a close frame, any
   * other code sends a close frame with `reason`. Returns how many were closed.
   */
  closeSessions(code: number, reason: string, allocPrefix?: string): number;
  close(): void;
}

const EXEC_PATH = /^\/v1\/client\/allocation\/([^/]+)\/exec$/;
const SHELLS: Record<string, 'sh' | 'bash'> = {
  sh: 'sh',
  '/bin/sh': 'sh',
  '/usr/bin/sh': 'sh',
  bash: 'bash',
  '/bin/bash': 'bash',
  '/usr/bin/bash': 'bash',
};

function closeWith(ws: WebSocket, err: unknown): void {
  const e =
    err instanceof ExecError
      ? err
      : err instanceof GoJsonError
        ? new ExecError(500, err.message)
        : new ExecError(500, err instanceof Error ? err.message : String(err));
  if (ws.readyState !== ws.OPEN) return;
  // gorilla cannot send a close frame whose reason does not fit: the connection just drops.
  if (Buffer.byteLength(e.message) > MAX_CLOSE_REASON_BYTES) ws.terminate();
  else ws.close(e.closeCode, e.message);
}

interface Target {
  alloc: AllocationWire;
  task: TaskWire;
}

export function createExecEndpoint(deps: MockDeps, opts: ExecEndpointOptions): ExecEndpoint {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const live = new Set<{ ws: WebSocket; abort: AbortController; allocId: string }>();
  const { store, auth } = deps;

  /** The server's then the client's checks, in Nomad's order (client/alloc_endpoint.go execImpl). */
  function authorize(allocId: string, token: string, request: ExecRequest): Target {
    let alloc: AllocationWire | undefined;
    try {
      alloc = findAlloc(store, allocId);
    } catch (err) {
      throw new ExecError(500, (err as Error).message);
    }
    if (!alloc) throw new ExecError(404, `Unknown allocation "${allocId}"`);
    const fakeReq = { headers: token === '' ? {} : { 'x-nomad-token': token } } as IncomingMessage;
    let acl;
    try {
      acl = auth.resolve(fakeReq).acl;
    } catch {
      throw new ExecError(500, PERMISSION_DENIED);
    }
    const denied = () => new ExecError(500, PERMISSION_DENIED);
    if (!allows(acl, ENDPOINT_REQUIREMENTS['GET /v1/client/allocation/:id/exec'], alloc.Namespace)) throw denied();
    if (isTerminalClient(alloc.ClientStatus)) {
      throw new ExecError(400, `exec not possible, client status of allocation ${alloc.ID} is ${alloc.ClientStatus}`);
    }
    try {
      reachableNode(store, alloc.NodeID);
    } catch (err) {
      throw new ExecError(err instanceof HttpError ? err.status : 400, (err as Error).message);
    }
    if (request.task === '') throw new ExecError(400, 'must provide task name');
    if (request.command.length === 0) throw new ExecError(400, 'command is not present');
    const group = alloc.Job.TaskGroups?.find((g) => g.Name === alloc.TaskGroup);
    const task = group?.Tasks.find((t) => t.Name === request.task);
    if (!task) throw new ExecError(500, 'task not found');
    if (NODE_EXEC_DRIVERS.has(task.Driver) && !acl.allowNsOp(alloc.Namespace, 'alloc-node-exec')) throw denied();
    const state = alloc.TaskStates?.[task.Name];
    if (!state) throw new ExecError(400, `unknown task name "${task.Name}"`);
    if (!state.StartedAt) throw new ExecError(404, `task "${task.Name}" not started yet.`);
    if (state.State !== 'running') throw new ExecError(404, `task "${task.Name}" is not running.`);
    return { alloc, task };
  }

  function startSession(
    ws: WebSocket,
    target: Target,
    request: ExecRequest,
    abort: AbortController,
  ): (data: RawData) => void {
    const { alloc, task } = target;
    const facts: TaskFacts = taskFacts(alloc, task);
    const output = new Output(
      {
        send: (frame, done) => ws.send(frame, done),
        get bufferedAmount() {
          return ws.bufferedAmount;
        },
      },
      request.tty,
    );
    const term = new Terminal(output, opts.timers, abort.signal);
    // Writers stop as soon as the client is gone, whatever loop they are in.
    abort.signal.addEventListener('abort', () => output.close(), { once: true });
    const startedMs = Date.parse(alloc.TaskStates?.[task.Name]?.StartedAt ?? '') || deps.now();
    const fs = new TaskFs(opts.fs.fsFor(alloc), task.Name, facts, Object.keys(PROGRAMS), startedMs);
    const sessionStartMs = deps.now();
    const history: string[] = [];
    const makeState = (env: Map<string, string>, cwd: string): ShellState => ({
      cwd,
      env,
      status: 0,
      history,
      fs,
      facts,
      alloc,
      taskName: task.Name,
      now: deps.now,
      sessionStartMs,
      fork() {
        return makeState(new Map(this.env), this.cwd);
      },
    });
    const state = makeState(taskEnv(alloc, task, facts, request.tty), '/');

    let finished = false;
    const finish = (code: number) => {
      if (finished || ws.readyState !== ws.OPEN) return;
      finished = true;
      output.closeStreams();
      ws.send(exitFrame(code), () => {
        output.close();
        abort.abort();
        if (opts.exitClose === 'normal') ws.close(1000);
        else ws.terminate();
      });
    };

    const run = async (): Promise<number> => {
      const [cmd, ...args] = request.command as [string, ...string[]];
      const shell = SHELLS[cmd];
      const job = term.jobIo(!(shell && args.length === 0 && request.tty));
      try {
        if (shell && (shell === 'sh' || facts.hasBash)) return await runShell(state, term, shell, args, job.io);
        const base = cmd.includes('/') ? cmd.split('/').pop()! : cmd;
        const program = shell ? undefined : PROGRAMS[base];
        const exists = program !== undefined && (!cmd.includes('/') || fs.isBinary(cmd.replace(/^\/usr/, '')));
        if (!exists || !program) return await missingBinary(cmd, facts, output);
        return await program(args, job.io, state);
      } finally {
        job.done();
      }
    };

    void run().then(
      (code) => finish(code),
      (err: unknown) => {
        if (err instanceof SessionClosed || abort.signal.aborted) return;
        deps.log(`mock: exec session failed: ${err instanceof Error ? err.message : String(err)}`);
        closeWith(ws, err);
      },
    );

    return (data: RawData) => {
      if (finished) return;
      let frame;
      try {
        frame = decodeClientFrame(rawText(data));
      } catch (err) {
        finished = true;
        abort.abort();
        output.close();
        closeWith(ws, err);
        return;
      }
      if (frame.kind === 'stdin') term.input(frame.data);
      else if (frame.kind === 'stdin-close') term.closeStdin();
      else if (frame.kind === 'resize') term.resize(frame.height, frame.width);
    };
  }

  function onConnection(ws: WebSocket, req: IncomingMessage, url: URL, allocId: string): void {
    const abort = new AbortController();
    const entry = { ws, abort, allocId };
    live.add(entry);
    const queue: RawData[] = [];
    let handler: ((data: RawData) => void) | undefined;
    let firstWaiter: ((data: RawData) => void) | undefined;
    ws.on('message', (data) => {
      if (firstWaiter) {
        const w = firstWaiter;
        firstWaiter = undefined;
        w(data);
      } else if (handler) handler(data);
      else queue.push(data);
    });
    ws.on('close', () => {
      abort.abort();
      live.delete(entry);
    });
    ws.on('error', () => abort.abort());

    const begin = (token: string) => {
      const request = parseExecRequest(url);
      const target = authorize(allocId, token, request);
      handler = startSession(ws, target, request, abort);
      for (const data of queue.splice(0)) handler(data);
    };

    try {
      const headerToken = tokenFromRequest(req);
      if (!wantsHandshake(url)) {
        begin(headerToken);
        return;
      }
      firstWaiter = (data) => {
        try {
          // ≤2.0.2 took the handshake's token as is, whatever the header said.
          begin(readHandshake(rawText(data), opts.version === 'legacy' ? '' : headerToken));
        } catch (err) {
          closeWith(ws, err);
        }
      };
    } catch (err) {
      closeWith(ws, err);
    }
  }

  return {
    upgrade(req, socket, head) {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://mock');
      } catch {
        return false;
      }
      const m = EXEC_PATH.exec(url.pathname);
      if (!m) return false;
      const origin = req.headers.origin;
      if (origin) {
        let sameHost: boolean;
        try {
          sameHost = new URL(origin).host.toLowerCase() === (req.headers.host ?? '').toLowerCase();
        } catch {
          sameHost = false;
        }
        if (!sameHost) {
          // gorilla's default CheckOrigin.
          socket.end(
            'HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nSec-Websocket-Version: 13\r\nX-Content-Type-Options: nosniff\r\nContent-Length: 10\r\nConnection: close\r\n\r\nForbidden\n',
          );
          return true;
        }
      }
      if (opts.version === 'legacy') {
        try {
          parseExecRequest(url);
        } catch (err) {
          const body = Buffer.from((err as Error).message);
          socket.end(
            `HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.toString('latin1')}`,
            'latin1',
          );
          return true;
        }
      }
      const allocId = decodeURIComponent(m[1]!);
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req, url, allocId));
      return true;
    },
    routes: [
      {
        methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
        pattern: '/v1/client/allocation/:id/exec',
        handler: (ex) => {
          // gorilla's Upgrade on a request that is not a WebSocket handshake.
          ex.res.writeHead(400, {
            'Content-Type': 'text/plain; charset=utf-8',
            'Sec-Websocket-Version': '13',
            'X-Content-Type-Options': 'nosniff',
          });
          ex.res.end('Bad Request\n');
        },
      },
    ],
    closeSessions(code, reason, allocPrefix = '') {
      let closed = 0;
      for (const entry of [...live]) {
        if (!entry.allocId.startsWith(allocPrefix)) continue;
        live.delete(entry);
        entry.abort.abort();
        if (entry.ws.readyState !== entry.ws.OPEN) continue;
        if (code === 1006) entry.ws.terminate();
        else entry.ws.close(code, reason);
        closed++;
      }
      return closed;
    },
    close() {
      for (const { ws, abort } of live) {
        abort.abort();
        ws.terminate();
      }
      live.clear();
    },
  };
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** Docker's answer to exec'ing a binary the image lacks, written into the stream; exit 126. */
async function missingBinary(cmd: string, facts: TaskFacts, output: Output): Promise<number> {
  if (!facts.docker) {
    throw new ExecError(
      500,
      cmd.includes('/')
        ? `fork/exec ${cmd}: no such file or directory`
        : `exec: "${cmd}": executable file not found in $PATH`,
    );
  }
  const why = cmd.includes('/') ? `stat ${cmd}: no such file or directory` : 'executable file not found in $PATH';
  await output.write(
    'stdout',
    Buffer.from(
      `OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": ${why}: unknown\r\n`,
    ),
  );
  return 126;
}
