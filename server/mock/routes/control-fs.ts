/**
 * Control routes for the allocation filesystems and log writers (mock mode only, no
 * token): truncate or delete a file, burst a log, freeze / unfreeze a task's writers,
 * change a writer's rate. Followers of the file see `file truncated` / `file deleted`.
 */
import { badRequest, notFound } from '../../http/errors.ts';
import { FsError } from '../fs/paths.ts';
import type { FsRegistry } from '../fs/registry.ts';
import { sendJson, type Exchange, type MockDeps, type RouteDef } from '../http-kit.ts';
import { HUGE_DEFAULT_BYTES, HUGE_FILE_BYTES, HUGE_LINE } from '../logs/huge-log.ts';
import type { LogType } from '../logs/records.ts';
import type { AllocationWire } from '../wire.ts';

const MAX_BURST = 1_000_000;
const MAX_RATE = 1_000_000;
const MAX_HUGE = 64 * 1024 * 1024 * 1024;
const MAX_WRITTEN = 200_000;

function wholeNumber(raw: string | null, name: string, max: number, fallback?: number): number {
  if ((raw === null || raw === '') && fallback !== undefined) return fallback;
  if (raw === null || !/^\d+$/.test(raw) || Number(raw) > max) {
    throw badRequest(`${name} must be a whole number between 0 and ${max}`);
  }
  return Number(raw);
}

function logType(ex: Exchange): LogType {
  const type = ex.url.searchParams.get('type') || 'stdout';
  if (type !== 'stdout' && type !== 'stderr') throw badRequest('type must be stdout or stderr');
  return type;
}

export function controlFsRoutes(deps: MockDeps, registry: FsRegistry): RouteDef[] {
  const alloc = (ex: Exchange): AllocationWire => {
    const id = (ex.params.allocId ?? '').toLowerCase();
    const found = deps.store.get('allocs', id);
    if (!found) throw notFound(`no allocation ${JSON.stringify(ex.params.allocId ?? '')}`);
    return found;
  };

  const fileAction = (action: 'truncate' | 'delete') => (ex: Exchange) => {
    const a = alloc(ex);
    const path = ex.url.searchParams.get('path') ?? '';
    if (path === '') throw badRequest('path is required, e.g. ?path=alloc/logs/web.stdout.0');
    const fs = registry.fsFor(a);
    try {
      if (action === 'truncate') fs.truncate(path);
      else fs.remove(path);
    } catch (err) {
      if (err instanceof FsError) throw err.kind === 'not-found' ? notFound(err.message) : badRequest(err.message);
      throw err;
    }
    deps.log(`mock: ${action} ${a.ID}:${path}`);
    sendJson(ex, { AllocID: a.ID, Path: path, Action: action });
  };

  const writerAction = (ok: boolean, task: string): void => {
    if (!ok)
      throw notFound(
        `task ${JSON.stringify(task)} of this allocation has no log writer (not started, or logging disabled)`,
      );
  };

  return [
    {
      methods: 'GET',
      pattern: '/__mock/logs',
      description:
        'The log writers built so far (an allocation gets its filesystem on first use): rate, frozen, records.',
      handler: (ex) => sendJson(ex, registry.describe()),
    },
    {
      methods: 'POST',
      pattern: '/__mock/fs/:allocId/truncate',
      description:
        'Truncate a file of an allocation: ?path=alloc/logs/<task>.stdout.0. Followers get `file truncated`.',
      handler: fileAction('truncate'),
    },
    {
      methods: 'POST',
      pattern: '/__mock/fs/:allocId/delete',
      description: 'Delete a file (or empty directory) of an allocation: ?path=… Followers get `file deleted`.',
      handler: fileAction('delete'),
    },
    {
      methods: 'POST',
      pattern: '/__mock/logs/:allocId/:task/burst',
      description: 'Write N log records at once: ?type=stdout|stderr&lines=N (default 1000).',
      handler: (ex) => {
        const a = alloc(ex);
        const task = ex.params.task ?? '';
        const type = logType(ex);
        const lines = wholeNumber(ex.url.searchParams.get('lines'), 'lines', MAX_BURST, 1000);
        registry.fsFor(a);
        writerAction(registry.burst(a.ID, task, type, lines), task);
        sendJson(ex, { AllocID: a.ID, Task: task, Type: type, Lines: lines });
      },
    },
    {
      methods: 'GET',
      pattern: '/__mock/logs/:allocId/:task/written',
      description:
        'What the task wrote, as raw bytes: records [from, to) of ?type=stdout|stderr (to defaults to now, at most 200,000 records); X-Nomad-Live-Records gives the count so far. For byte-for-byte checks of what a reader received.',
      handler: (ex) => {
        const a = alloc(ex);
        const task = ex.params.task ?? '';
        const type = logType(ex);
        const q = ex.url.searchParams;
        registry.fsFor(a);
        const total = registry.written(a.ID, task, type, 0, 0)?.records;
        writerAction(total !== undefined, task);
        const from = wholeNumber(q.get('from'), 'from', Number.MAX_SAFE_INTEGER, 0);
        const to = wholeNumber(q.get('to'), 'to', Number.MAX_SAFE_INTEGER, total);
        if (to < from || to - from > MAX_WRITTEN) {
          throw badRequest(`from..to must be a range of at most ${MAX_WRITTEN} records`);
        }
        const out = registry.written(a.ID, task, type, from, to)!;
        ex.res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'X-Nomad-Live-Records': String(out.records),
        });
        ex.res.end(out.bytes);
      },
    },
    {
      methods: 'POST',
      pattern: '/__mock/logs/:allocId/:task/huge',
      description:
        'Rotate in a huge history computed from the offset (never held in memory): ?type=stdout|stderr&bytes=N (default 1 GiB)&fileBytes=M (default 10 MiB).',
      handler: (ex) => {
        const a = alloc(ex);
        const task = ex.params.task ?? '';
        const type = logType(ex);
        const q = ex.url.searchParams;
        const bytes = wholeNumber(q.get('bytes'), 'bytes', MAX_HUGE, HUGE_DEFAULT_BYTES);
        const fileBytes = wholeNumber(q.get('fileBytes'), 'fileBytes', MAX_HUGE, HUGE_FILE_BYTES);
        if (fileBytes < HUGE_LINE) throw badRequest(`fileBytes must be at least ${HUGE_LINE}`);
        registry.fsFor(a);
        const written = registry.huge(a.ID, task, type, bytes, fileBytes);
        writerAction(written !== undefined, task);
        sendJson(ex, { AllocID: a.ID, Task: task, Type: type, Bytes: written });
      },
    },
    {
      methods: 'POST',
      pattern: '/__mock/logs/:allocId/:task/freeze',
      description: "Stop a task's log writers (stdout and stderr) until unfrozen.",
      handler: (ex) => {
        const a = alloc(ex);
        const task = ex.params.task ?? '';
        registry.fsFor(a);
        writerAction(registry.setFrozen(a.ID, task, true), task);
        sendJson(ex, { AllocID: a.ID, Task: task, Frozen: true });
      },
    },
    {
      methods: 'POST',
      pattern: '/__mock/logs/:allocId/:task/unfreeze',
      description: "Resume a task's log writers.",
      handler: (ex) => {
        const a = alloc(ex);
        const task = ex.params.task ?? '';
        registry.fsFor(a);
        writerAction(registry.setFrozen(a.ID, task, false), task);
        sendJson(ex, { AllocID: a.ID, Task: task, Frozen: false });
      },
    },
    {
      methods: 'POST',
      pattern: '/__mock/logs/:allocId/:task/rate',
      description:
        "Set a writer's rate in records per second: ?type=stdout|stderr&lines=N (e.g. 20000 for a firehose).",
      handler: (ex) => {
        const a = alloc(ex);
        const task = ex.params.task ?? '';
        const type = logType(ex);
        const rate = wholeNumber(ex.url.searchParams.get('lines'), 'lines', MAX_RATE);
        registry.fsFor(a);
        writerAction(registry.setRate(a.ID, task, type, rate), task);
        sendJson(ex, { AllocID: a.ID, Task: task, Type: type, Rate: rate });
      },
    },
  ];
}
