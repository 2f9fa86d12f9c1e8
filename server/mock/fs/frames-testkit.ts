/**
 * Test support: splits a body of concatenated JSON stream frames (no separators) into
 * frames, tracking strings so a `}` inside a value never ends a frame.
 */
export interface Frame {
  Data?: string;
  File?: string;
  FileEvent?: string;
  Offset?: number;
}

export function splitFrames(body: string): { frames: Frame[]; rest: string } {
  const frames: Frame[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      frames.push(JSON.parse(body.slice(start, i + 1)) as Frame);
      start = i + 1;
    }
  }
  return { frames, rest: body.slice(start) };
}
