/** Downloads of a log: what is shown (filtered or not) or the whole log across rotated files. */
import { apiPath, apiStream } from '@/lib/nomad/http.ts';
import { saveBlob } from '@/lib/save-blob.ts';
import { stripAnsi } from './ansi.ts';
import type { LogSource } from './line-buffer.ts';
import type { LogSession } from './log-session.ts';

/** The shown lines as text; in a merged view each line is prefixed with its source. */
export function shownText(session: LogSession, opts: { filter: boolean; strip: boolean; merged: boolean }): string {
  const parts: string[] = [];
  const add = (text: string, source: LogSource) => {
    const t = opts.strip ? stripAnsi(text) : text;
    parts.push(opts.merged ? `[${source}] ${t}` : t);
  };
  const index = session.matchIndex;
  if (opts.filter && index) {
    for (let i = 0; i < index.visible.length; i++) {
      const line = session.buffer.bySeq(index.visible.at(i)!);
      if (line) add(line.text, line.source);
    }
  } else {
    for (let i = 0; i < session.buffer.size; i++) {
      const line = session.buffer.get(i)!;
      add(line.text, line.source);
    }
    for (const p of session.pending()) add(p.text, p.source);
  }
  return parts.length ? `${parts.join('\n')}\n` : '';
}

export function downloadShown(
  session: LogSession,
  name: string,
  opts: { filter: boolean; strip: boolean; merged: boolean },
): void {
  saveBlob(new Blob([shownText(session, opts)], { type: 'text/plain;charset=utf-8' }), name);
}

/** The whole log of one stream (every rotated file still on the node), read raw with the token. */
export async function downloadWhole(req: {
  allocId: string;
  task: string;
  source: LogSource;
  strip: boolean;
  namespace?: string | undefined;
  region?: string | undefined;
}): Promise<void> {
  const res = await apiStream(apiPath`/v1/client/fs/logs/${req.allocId}`, {
    query: { task: req.task, type: req.source, origin: 'start', offset: 0, plain: true, follow: false },
    namespace: req.namespace,
    region: req.region,
  });
  const name = `${req.allocId.slice(0, 8)}-${req.task}.${req.source}${req.strip ? '' : '.ansi'}.log`;
  if (!req.strip) {
    saveBlob(await res.blob(), name);
    return;
  }
  const text = await res.text();
  saveBlob(new Blob([stripAnsi(text)], { type: 'text/plain;charset=utf-8' }), name);
}
