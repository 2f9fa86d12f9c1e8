import type { SessionView } from '../lib/terminal-session.ts';

const DOT: Record<string, string> = {
  connecting: 'bg-amber-500 animate-pulse',
  connected: 'bg-emerald-500',
  exited: 'bg-zinc-400',
  failed: 'bg-red-500',
};

/** One line of truth about the session: what runs where, and how it ended. */
export function ExecStatusBar({ view, task }: { view: SessionView; task: string }) {
  const argv = JSON.stringify(view.command);
  let tone: keyof typeof DOT;
  let text: string;
  if (view.state.phase === 'connecting') {
    tone = 'connecting';
    text = `Connecting to ${task}: ${argv}…`;
  } else if (view.state.phase === 'connected') {
    tone = 'connected';
    text = `Connected to ${task}: ${argv}`;
    const bad = view.state.badFrames ?? 0;
    if (bad > 0) text += ` · ${bad} unreadable frame${bad === 1 ? '' : 's'} from the server skipped`;
  } else {
    const end = view.state.end;
    tone = end.kind === 'exited' || (end.kind === 'closed' && end.byUs) ? 'exited' : 'failed';
    // A close by the server already names its code in the summary.
    const codeShown = end.kind === 'exited' || (end.kind === 'closed' && !end.byUs);
    text = `${view.summary ?? ''}${codeShown ? '' : ` (code ${end.code})`}`;
    text = text.charAt(0).toUpperCase() + text.slice(1);
  }
  return (
    <div
      role="status"
      aria-label="Session status"
      className="flex min-w-0 items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300"
    >
      <span aria-hidden="true" className={`inline-block size-2 shrink-0 rounded-full ${DOT[tone]}`} />
      <span className="min-w-0 break-words">{text}</span>
    </div>
  );
}
