/**
 * The huge-log history (issue 8, bench scenario 4): a task's log made of many rotated
 * files, 1 GB in all by default, whose bytes are computed from the offset and never held
 * in memory. Lines have a fixed width (HUGE_LINE bytes, ASCII, some with ANSI colour), so
 * the line under any byte offset is arithmetic; line `g` of the whole history reads the
 * same however it is fetched (whole file, window, tail across files).
 */
import { hashString } from './records.ts';

export const HUGE_LINE = 128;
export const HUGE_DEFAULT_BYTES = 1024 * 1024 * 1024;
/** Nomad's default log file size (LogConfig.MaxFileSizeMB = 10). */
export const HUGE_FILE_BYTES = 10 * 1024 * 1024;

const LEVELS = ['INFO ', 'INFO ', 'INFO ', 'DEBUG', 'WARN ', 'ERROR'];
const COMPONENTS = ['http', 'db', 'cache', 'worker', 'scheduler', 'auth', 'grpc'];
const MESSAGES = [
  'request completed',
  'connection pool resized',
  'cache miss, fetching from origin',
  'job picked up from queue',
  'flushed batch to storage',
  'health check passed',
  'retrying upstream request',
  'slow query detected',
];

/** Line `g` of the history (fixed width, ending in `\n`); `startMs` is line 0's time. */
export function hugeLine(seed: number, g: number, startMs: number): string {
  const h = hashString(seed, String(g));
  const ts = new Date(startMs + g * 10).toISOString();
  const level = LEVELS[h % LEVELS.length]!;
  const comp = COMPONENTS[(h >>> 3) % COMPONENTS.length]!;
  const msg = MESSAGES[(h >>> 6) % MESSAGES.length]!;
  const colour = (h >>> 9) % 8 === 0;
  const head = colour ? `\x1b[36m${ts}\x1b[0m` : ts;
  const text = `${head} ${level} [${comp}] ${msg} line=${g} id=${(h >>> 0).toString(16).padStart(8, '0')}`;
  return `${text.padEnd(HUGE_LINE - 1, ' ').slice(0, HUGE_LINE - 1)}\n`;
}

/**
 * Reads bytes of file `nth` (each `fileBytes` long, a multiple of HUGE_LINE) of a history
 * that starts at line `firstLine`.
 */
export function hugeReader(seed: number, startMs: number, fileBytes: number, firstLine = 0) {
  const linesPerFile = fileBytes / HUGE_LINE;
  return (nth: number, offset: number, length: number): Buffer => {
    const end = Math.min(fileBytes, offset + length);
    if (offset >= end) return Buffer.alloc(0);
    const first = Math.floor(offset / HUGE_LINE);
    const last = Math.floor((end - 1) / HUGE_LINE);
    const base = firstLine + nth * linesPerFile;
    let text = '';
    for (let i = first; i <= last; i++) text += hugeLine(seed, base + i, startMs);
    const buf = Buffer.from(text, 'latin1');
    return buf.subarray(offset - first * HUGE_LINE, end - first * HUGE_LINE);
  };
}
