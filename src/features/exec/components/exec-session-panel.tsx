import { useEffect, useRef, useState } from 'react';
import { buttonClass, primaryButtonClass } from '@/components/styles.ts';
import { useExecTerminal } from '../hooks/use-exec-terminal.ts';
import type { SessionSpec } from '../lib/terminal-session.ts';
import { ExecSearchBar } from './exec-search-bar.tsx';
import { ExecStatusBar } from './exec-status-bar.tsx';

interface ExecSessionPanelProps {
  id: number;
  spec: SessionSpec;
  active: boolean;
  /** Tells the page whether this session is live (for the leave-page confirmation). */
  onLive: (id: number, live: boolean) => void;
}

/** One exec session: toolbar, xterm, status bar. Stays mounted while another tab shows, keeping its scrollback. */
export function ExecSessionPanel({ id, spec, active, onLive }: ExecSessionPanelProps) {
  const container = useRef<HTMLDivElement>(null);
  const { view, actions } = useExecTerminal(container, spec);
  const [searching, setSearching] = useState(false);

  useEffect(() => onLive(id, view.live), [id, view.live, onLive]);
  useEffect(() => {
    if (active) actions.focus();
  }, [active, actions]);

  return (
    <div
      role="tabpanel"
      aria-label={`Session ${spec.task}: ${spec.command.join(' ')}`}
      hidden={!active}
      className="flex min-h-0 flex-col gap-2"
      onKeyDown={(e) => {
        if (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'f') {
          e.preventDefault();
          setSearching(true);
        }
      }}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <ExecStatusBar view={view} task={spec.task} />
        <div className="flex flex-wrap items-center gap-2">
          {view.state.phase === 'ended' && (
            <button type="button" className={primaryButtonClass} onClick={actions.reconnect}>
              Reconnect
            </button>
          )}
          <button
            type="button"
            className={buttonClass}
            onClick={() => void actions.copySelection()}
            title="Ctrl+Shift+C"
          >
            Copy
          </button>
          <button type="button" className={buttonClass} onClick={() => void actions.paste()} title="Ctrl+Shift+V">
            Paste
          </button>
          <button
            type="button"
            className={buttonClass}
            aria-pressed={searching}
            onClick={() => setSearching((s) => !s)}
            title="Ctrl+Shift+F"
          >
            Search
          </button>
        </div>
      </div>
      {searching && (
        <ExecSearchBar
          find={actions.find}
          onClose={() => {
            actions.clearSearch();
            setSearching(false);
            actions.focus();
          }}
        />
      )}
      {/* Padding lives on the frame: the fit addon measures the inner box as the terminal's room. */}
      <div className="rounded-md border border-zinc-300 bg-[#fafafa] p-1.5 dark:border-zinc-700 dark:bg-[#09090b]">
        <div
          ref={container}
          data-testid="exec-terminal"
          className="h-[max(16rem,calc(100dvh-26rem))] overflow-hidden"
        />
      </div>
    </div>
  );
}
