/**
 * One server frame of Nomad's exec WebSocket (`{"stdout":{"data":"<base64>"}}`,
 * `{"stderr":{"close":true}}`, `{"exited":true,"result":{"exit_code":0}}`), parsed without
 * ever throwing: anything that is not such a frame (not JSON, `null`, a number, base64 cut
 * short, a non-string `data`) comes back as an error the session can count and show, and
 * the frames around it are unaffected. Text decoding stays with the caller: a character
 * may be split across frames, so it needs a streaming TextDecoder per stream.
 */
import { decodeBase64 } from './stream-frames.ts';

export type ExecFrameStream = 'stdout' | 'stderr';

export interface ExecFrameOutput {
  stream: ExecFrameStream;
  /** Empty when the frame only closes the stream. */
  bytes: Uint8Array;
  close: boolean;
}

export interface ExecFrameExit {
  code: number;
  signal?: string | number;
  oomKilled?: boolean;
}

export type ParsedExecFrame =
  { ok: true; outputs: ExecFrameOutput[]; exited?: ExecFrameExit } | { ok: false; error: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseExecFrame(raw: string): ParsedExecFrame {
  let frame: unknown;
  try {
    frame = JSON.parse(raw);
  } catch (err) {
    return { ok: false, error: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!isRecord(frame)) return { ok: false, error: `not a frame object: ${raw.slice(0, 40)}` };
  const outputs: ExecFrameOutput[] = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    const part = frame[stream];
    if (part === undefined || part === null) continue;
    if (!isRecord(part)) return { ok: false, error: `${stream} is not an object` };
    const { data, close } = part;
    let bytes: Uint8Array = new Uint8Array(0);
    if (data !== undefined && data !== null && data !== '') {
      if (typeof data !== 'string') return { ok: false, error: `${stream}.data is not a string` };
      try {
        bytes = decodeBase64(data);
      } catch {
        return { ok: false, error: `${stream}.data is not valid base64 (${data.length} characters)` };
      }
    }
    if (bytes.length > 0 || close === true) outputs.push({ stream, bytes, close: close === true });
  }
  if (frame.exited !== true) return { ok: true, outputs };
  const result = isRecord(frame.result) ? frame.result : {};
  const code = typeof result.exit_code === 'number' && Number.isInteger(result.exit_code) ? result.exit_code : 0;
  const signal = result.signal;
  return {
    ok: true,
    outputs,
    exited: {
      code,
      ...(typeof signal === 'string' || typeof signal === 'number' ? { signal } : {}),
      ...(result.oom_killed === true ? { oomKilled: true } : {}),
    },
  };
}
