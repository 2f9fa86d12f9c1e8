import { useEffect, useRef, useState } from 'react';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { PageHeader } from '@/components/page-header.tsx';
import { Link } from 'react-router';
import { buttonClass, linkClass } from '@/components/styles.ts';
import { useLogKeys } from '../hooks/use-log-keys.ts';
import { useLogSearch } from '../hooks/use-log-search.ts';
import { useLogSession } from '../hooks/use-log-session.ts';
import { useLogUrl } from '../hooks/use-log-url.ts';
import type { LogSource } from '../lib/line-buffer.ts';
import { downloadShown, downloadWhole } from '../lib/log-download.ts';
import { LogBufferBar } from './log-buffer-bar.tsx';
import { LogSearchBar } from './log-search-bar.tsx';
import { liveLabel, LogStatus, RECHECK_MS, waitingForLogs } from './log-status.tsx';
import { LogToolbar } from './log-toolbar.tsx';
import { LogView, type LogViewHandle } from './log-view.tsx';

export interface LogsPageProps {
  allocId: string;
  allocName: string;
  namespace: string;
  region: string | undefined;
  tasks: readonly string[];
  /** From the URL; the first task when absent. */
  task: string | undefined;
  taskHref(task: string): string;
  allocHref: string;
  filesHref: string;
}

/** Live logs of one task: tail, follow, search/filter, merged streams, older bytes on demand. */
export function LogsPage(props: LogsPageProps) {
  const [url, setUrl] = useLogUrl();
  const task = props.task ?? props.tasks[0];
  const sources: LogSource[] = url.type === 'both' ? ['stdout', 'stderr'] : [url.type];
  const search = useLogSearch(url);
  const [following, setFollowing] = useState(url.offset === undefined);
  const { session, version, restart } = useLogSession({
    allocId: props.allocId,
    task,
    sources,
    namespace: props.namespace,
    region: props.region,
    start: url.offset !== undefined && url.type !== 'both' ? { kind: 'offset', offset: url.offset } : { kind: 'tail' },
    capacity: url.capacity,
    matcher: search.matcher,
    context: url.filter ? url.context : 0,
  });
  const viewRef = useRef<LogViewHandle>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [pausedAt, setPausedAt] = useState(0);
  const [downloading, setDownloading] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);

  const follow = (on: boolean) => {
    setFollowing(on);
    if (!on) setPausedAt(session?.buffer.appended ?? 0);
    else viewRef.current?.scrollToEnd();
  };
  const step = (dir: 1 | -1) => {
    const seq = search.step(session, dir);
    if (seq === null) return;
    setFollowing(false);
    setPausedAt(session?.buffer.appended ?? 0);
    requestAnimationFrame(() => viewRef.current?.scrollToSeq(seq));
  };
  useLogKeys({
    focusSearch: () => searchRef.current?.focus(),
    next: () => step(1),
    previous: () => step(-1),
    toggleFollow: () => follow(!following),
    toggleWrap: () => setUrl({ wrap: !url.wrap }),
    switchStream: () => setUrl({ type: url.type === 'stdout' ? 'stderr' : 'stdout', offset: undefined }),
  });

  const onDownload = async (kind: 'shown' | 'whole') => {
    if (!session || !task) return;
    setActionError(null);
    const base = `${props.allocId.slice(0, 8)}-${task}.${url.type}`;
    if (kind === 'shown') {
      downloadShown(session, `${base}${url.filter ? '.filtered' : ''}.log`, {
        filter: url.filter && search.matcher !== null,
        strip: url.stripAnsi,
        merged: sources.length > 1,
      });
      return;
    }
    setDownloading(true);
    try {
      for (const source of sources) {
        await downloadWhole({
          allocId: props.allocId,
          task,
          source,
          strip: url.stripAnsi,
          namespace: props.namespace,
          region: props.region,
        });
      }
    } catch (err) {
      setActionError(err);
    } finally {
      setDownloading(false);
    }
  };

  const statuses = sources.map((source) => ({ source, status: session?.status(source) }));
  const newLines = following || !session ? 0 : session.buffer.appended - pausedAt;
  const matchCount = search.matcher && session?.matchIndex ? session.matchIndex.matches.length : null;
  void version; // re-render per animation frame: the session is read during render
  const waiting = waitingForLogs(statuses);
  useEffect(() => {
    if (!waiting) return;
    const t = setTimeout(restart, RECHECK_MS);
    return () => clearTimeout(t);
  }, [waiting, restart]);

  return (
    <div className="flex h-[calc(100vh-7rem)] min-h-96 flex-col gap-3">
      <title>{`Logs · ${task ?? ''} · ${props.allocName} · nomad-live`}</title>
      <PageHeader
        title={`Logs: ${task ?? 'no tasks'}`}
        description={
          <>
            Allocation{' '}
            <Link to={props.allocHref} className={`${linkClass} font-mono`}>
              {props.allocName}
            </Link>{' '}
            ·{' '}
            <Link to={props.filesHref} className={linkClass}>
              files
            </Link>{' '}
            · {liveLabel(statuses)} · keys: <kbd>/</kbd> search, <kbd>n</kbd>/<kbd>N</kbd> next/previous, <kbd>f</kbd>{' '}
            follow, <kbd>w</kbd> wrap, <kbd>e</kbd> stdout ⇄ stderr
          </>
        }
      />
      <LogToolbar
        tasks={props.tasks}
        task={task}
        taskHref={props.taskHref}
        url={url}
        onChange={setUrl}
        following={following}
        onFollow={follow}
        onDownload={(k) => void onDownload(k)}
        downloading={downloading}
      />
      <LogSearchBar
        url={url}
        onChange={setUrl}
        error={search.error}
        matchCount={matchCount}
        searching={session?.indexing ?? false}
        onStep={step}
        inputRef={searchRef}
      />
      {actionError !== null && <ErrorAlert title="Download failed" error={actionError} />}
      {task && <LogStatus statuses={statuses} task={task} onReconnect={restart} />}
      {session && (
        <LogBufferBar
          session={session}
          single={sources.length === 1}
          onError={setActionError}
          onLinked={(offset) => setUrl({ offset })}
        />
      )}
      <div className="relative flex min-h-0 flex-1 flex-col">
        {session && (
          <LogView
            session={session}
            version={version}
            filter={url.filter && search.matcher !== null}
            wrap={url.wrap}
            strip={url.stripAnsi}
            lineNumbers={url.lineNumbers}
            timestamps={url.timestamps}
            merged={sources.length > 1}
            highlight={search.matcher?.highlight ?? null}
            currentMatch={search.current}
            following={following}
            onFollowChange={follow}
            handle={viewRef}
          />
        )}
        {!following && (
          <button
            type="button"
            className={`${buttonClass} absolute right-6 bottom-4 shadow-md`}
            onClick={() => follow(true)}
          >
            {newLines > 0 ? `${newLines.toLocaleString()} new ${newLines === 1 ? 'line' : 'lines'} · ` : ''}Jump to end
          </button>
        )}
      </div>
    </div>
  );
}
