/**
 * The exec WebSocket protocol of nomad-api.md §5, decoded and encoded the way Nomad does:
 * the request's query (`task`, `tty`, `command`, `ws_handshake`), the handshake frame,
 * the client frames (Go's encoding/json into `ExecTaskStreamingRequest`: case-insensitive
 * keys, base64 `[]byte`, Go's error texts) and the server frames (sorted keys, omitempty).
 */
import { decodeGoJson, GoJsonError, goJsonType } from '../lifecycle/go-json.ts';

/** websocket.ClosePolicyViolation / CloseInternalServerErr (toWsCode in alloc_endpoint.go). */
export const CLOSE_POLICY = 1008;
export const CLOSE_INTERNAL = 1011;

/** An error that ends a session with a close frame: 500 → 1011, every other code → 1008. */
export class ExecError extends Error {
  override name = 'ExecError';
  constructor(
    readonly httpCode: number,
    message: string,
  ) {
    super(message);
  }

  get closeCode(): number {
    return this.httpCode === 500 ? CLOSE_INTERNAL : CLOSE_POLICY;
  }
}

/** strconv.ParseBool. */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

function parseBoolError(value: string): string {
  return `strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`;
}

/** `ws_handshake`: undefined = no handshake frame expected. Throws the 1008 error for a bad value. */
export function wantsHandshake(url: URL): boolean {
  const raw = url.searchParams.get('ws_handshake') ?? '';
  if (raw === '') return false;
  const parsed = parseGoBool(raw);
  if (parsed === undefined) throw new ExecError(400, `ws_handshake value is not a boolean: ${parseBoolError(raw)}`);
  return parsed;
}

/**
 * The handshake frame, checked like readWsHandshake (2.0.3+): the JSON must decode into
 * `{version int, auth_token string}`; a header token must equal the frame's; version 1 only.
 * Returns the token the session authenticates with.
 */
export function readHandshake(text: string, headerToken: string): string {
  let value: unknown;
  try {
    value = decodeGoJson(text);
  } catch (err) {
    // gorilla's ReadJSON turns a bare EOF into io.ErrUnexpectedEOF.
    const message = err instanceof GoJsonError && err.message === 'EOF' ? 'unexpected EOF' : (err as Error).message;
    throw new ExecError(400, message);
  }
  let version = 0;
  let token = '';
  if (value !== null) {
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new ExecError(
        400,
        `json: cannot unmarshal ${goJsonType(value)} into Go value of type agent.wsHandshakeMessage`,
      );
    }
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const k = key.toLowerCase();
      if (k === 'version' && v !== null) {
        if (typeof v !== 'number' || !Number.isInteger(v)) {
          const shown = typeof v === 'number' ? `number ${String(v)}` : goJsonType(v);
          throw new ExecError(
            400,
            `json: cannot unmarshal ${shown} into Go struct field wsHandshakeMessage.version of type int`,
          );
        }
        version = v;
      } else if (k === 'auth_token' && v !== null) {
        if (typeof v !== 'string') {
          throw new ExecError(
            400,
            `json: cannot unmarshal ${goJsonType(v)} into Go struct field wsHandshakeMessage.auth_token of type string`,
          );
        }
        token = v;
      }
    }
  }
  if (headerToken !== '' && headerToken !== token) {
    throw new ExecError(400, 'handshake auth token mismatched auth header token');
  }
  if (version !== 1) throw new ExecError(400, `unexpected handshake value: ${version}`);
  return token;
}

export interface ExecRequest {
  task: string;
  tty: boolean;
  command: string[];
}

/** Go's json.Unmarshal into []string (whole input, unlike a Decoder). */
function unmarshalStringSlice(raw: string): string[] | null {
  if (raw.trim() === '') throw new GoJsonError('unexpected end of JSON input');
  let value: unknown;
  try {
    value = JSON.parse(raw) as unknown;
  } catch (parseErr) {
    const after = /non-whitespace character after JSON at position (\d+)/.exec((parseErr as Error).message);
    if (after) throw new GoJsonError(`invalid character '${raw[Number(after[1])] ?? ''}' after top-level value`);
    try {
      decodeGoJson(raw);
    } catch (err) {
      const m = (err as Error).message;
      throw new GoJsonError(m === 'unexpected EOF' || m === 'EOF' ? 'unexpected end of JSON input' : m);
    }
    throw new GoJsonError('unexpected end of JSON input');
  }
  if (value === null) return null;
  if (!Array.isArray(value)) {
    throw new GoJsonError(`json: cannot unmarshal ${goJsonType(value)} into Go value of type []string`);
  }
  return value.map((v) => {
    if (v === null) return '';
    if (typeof v !== 'string')
      throw new GoJsonError(`json: cannot unmarshal ${goJsonType(v)} into Go value of type string`);
    return v;
  });
}

/** allocExec's parsing: bad command JSON or tty → 500 (close 1011 after the upgrade). */
export function parseExecRequest(url: URL): ExecRequest {
  let command: string[];
  try {
    command = unmarshalStringSlice(url.searchParams.get('command') ?? '') ?? [];
  } catch (err) {
    throw new ExecError(500, `failed to marshal command into json: ${(err as Error).message}`);
  }
  let tty = false;
  const rawTty = url.searchParams.get('tty') ?? '';
  if (rawTty !== '') {
    const parsed = parseGoBool(rawTty);
    if (parsed === undefined) throw new ExecError(500, `tty value is not a boolean: ${parseBoolError(rawTty)}`);
    tty = parsed;
  }
  return { task: url.searchParams.get('task') ?? '', tty, command };
}

export type ClientFrame =
  | { kind: 'stdin'; data: Buffer }
  | { kind: 'stdin-close' }
  | { kind: 'resize'; height: number; width: number }
  | { kind: 'heartbeat' };

const B64 = /^[A-Za-z0-9+/]$/;

/** base64.StdEncoding.Decode as encoding/json uses it for []byte (strict padding, \r\n skipped). */
export function decodeGoBase64(s: string): Buffer {
  const clean = s.replace(/[\r\n]/g, '');
  let i = 0;
  for (; i < clean.length; i++) {
    const c = clean[i]!;
    if (c === '=') break;
    if (!B64.test(c)) throw new GoJsonError(`illegal base64 data at input byte ${i}`);
  }
  const dataLen = i;
  const rem = dataLen % 4;
  if (rem === 1) throw new GoJsonError(`illegal base64 data at input byte ${dataLen}`);
  const padNeeded = rem === 0 ? 0 : 4 - rem;
  const pad = clean.slice(dataLen);
  if (rem === 0 && pad.length > 0) throw new GoJsonError(`illegal base64 data at input byte ${dataLen}`);
  if (rem !== 0 && pad !== '='.repeat(padNeeded)) {
    throw new GoJsonError(`illegal base64 data at input byte ${pad.length === 0 ? dataLen - rem : dataLen}`);
  }
  return Buffer.from(clean, 'base64');
}

const STRUCT = 'ExecTaskStreamingRequest';

function field(obj: Record<string, unknown>, name: string): unknown {
  let found: unknown;
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === name) found = v;
  return found;
}

function objectField(obj: Record<string, unknown>, name: string, goType: string): Record<string, unknown> | null {
  const v = field(obj, name);
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new GoJsonError(
      `json: cannot unmarshal ${goJsonType(v)} into Go struct field ${STRUCT}.${name} of type ${goType}`,
    );
  }
  return v as Record<string, unknown>;
}

function intField(obj: Record<string, unknown>, path: string, name: string): number {
  const v = field(obj, name);
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > 2 ** 31) {
    const shown = typeof v === 'number' ? `number ${String(v)}` : goJsonType(v);
    throw new GoJsonError(
      `json: cannot unmarshal ${shown} into Go struct field ${STRUCT}.${path}.${name} of type int32`,
    );
  }
  return v;
}

/**
 * One client frame, decoded like forwardExecInput + StreamToExecOptions: stdin data,
 * stdin close, tty_size, anything else without setup is a heartbeat. A frame with only
 * `setup` is an unexpected message type. Decoder errors are thrown as GoJsonError.
 */
export function decodeClientFrame(text: string): ClientFrame {
  const value = decodeGoJson(text);
  if (value === null) return { kind: 'heartbeat' };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new GoJsonError(`json: cannot unmarshal ${goJsonType(value)} into Go value of type proto.${STRUCT}`);
  }
  const obj = value as Record<string, unknown>;
  const stdin = objectField(obj, 'stdin', 'proto.ExecTaskStreamingIOOperation');
  const size = objectField(obj, 'tty_size', `proto.${STRUCT}_TerminalSize`);
  const setup = objectField(obj, 'setup', `proto.${STRUCT}_Setup`);
  if (stdin) {
    const data = field(stdin, 'data');
    const close = field(stdin, 'close');
    if (close !== undefined && close !== null && typeof close !== 'boolean') {
      throw new GoJsonError(
        `json: cannot unmarshal ${goJsonType(close)} into Go struct field ${STRUCT}.stdin.close of type bool`,
      );
    }
    let bytes: Buffer = Buffer.alloc(0);
    if (data !== undefined && data !== null) {
      if (typeof data !== 'string') {
        throw new GoJsonError(
          `json: cannot unmarshal ${goJsonType(data)} into Go struct field ${STRUCT}.stdin.data of type []uint8`,
        );
      }
      bytes = decodeGoBase64(data);
    }
    return close === true ? { kind: 'stdin-close' } : { kind: 'stdin', data: bytes };
  }
  if (size)
    return { kind: 'resize', height: intField(size, 'tty_size', 'height'), width: intField(size, 'tty_size', 'width') };
  if (setup) {
    throw new GoJsonError(
      `unexpected message type: &drivers.ExecTaskStreamingRequestMsg{Setup:(*proto.${STRUCT}_Setup)(0xc000a1c000)}`,
    );
  }
  return { kind: 'heartbeat' };
}

/** go-msgpack JSON of ExecTaskStreamingResponse: sorted keys, omitempty. */
export function outputFrame(stream: 'stdout' | 'stderr', data: Buffer): string {
  return `{"${stream}":{"data":"${data.toString('base64')}"}}`;
}

export function closeFrame(stream: 'stdout' | 'stderr'): string {
  return `{"${stream}":{"close":true}}`;
}

export function exitFrame(code: number): string {
  return code === 0 ? '{"exited":true,"result":{}}' : `{"exited":true,"result":{"exit_code":${code}}}`;
}

/** gorilla refuses control frames over 125 bytes: such a close frame is never sent. */
export const MAX_CLOSE_REASON_BYTES = 123;
