import { useCallback, useState, type ReactNode } from 'react';
import { PageHeader } from '@/components/page-header.tsx';
import { useExecUrl } from '../hooks/use-exec-url.ts';
import { useLeaveGuard } from '../hooks/use-leave-guard.ts';
import { splitArgv } from '../lib/argv.ts';
import { DEFAULT_COMMAND, type SessionSpec } from '../lib/terminal-session.ts';
import { ExecNewSession, type ExecTaskOption } from './exec-new-session.tsx';
import { ExecSessionPanel } from './exec-session-panel.tsx';
import { ExecTabs, type ExecTab } from './exec-tabs.tsx';

interface ExecPageProps {
  allocId: string;
  allocName: string;
  namespace: string;
  region: string | undefined;
  tasks: readonly ExecTaskOption[];
  /** The task from the path (`/exec/web`); `?task=` wins. */
  pathTask: string | undefined;
  /** Back to the allocation. */
  allocLink: ReactNode;
}

/** Several exec sessions into one allocation, as tabs; a deep link opens its session at once. */
export function ExecPage({ allocId, allocName, namespace, region, tasks, pathTask, allocLink }: ExecPageProps) {
  const url = useExecUrl();
  const firstRunning = tasks.find((t) => t.state === 'running')?.name ?? tasks[0]?.name ?? '';
  const linkedTask = url.task ?? pathTask ?? null;
  const [form, setForm] = useState({
    task: linkedTask && tasks.some((t) => t.name === linkedTask) ? linkedTask : firstRunning,
    commandLine: url.commandLine ?? DEFAULT_COMMAND.join(' '),
    tty: true,
  });
  const specFor = (task: string, command: string[], tty: boolean): SessionSpec => ({
    allocId,
    task,
    command,
    tty,
    region,
    namespace,
    driver: tasks.find((t) => t.name === task)?.driver,
  });
  const [tabs, setTabs] = useState<ExecTab[]>(() => {
    // A link that names a task opens its session straight away (even an unknown task: Nomad's answer is shown).
    if (!linkedTask) return [];
    const argv = splitArgv(form.commandLine);
    return [{ id: 1, spec: specFor(linkedTask, argv.ok ? argv.argv : [...DEFAULT_COMMAND], true) }];
  });
  const [active, setActive] = useState<number | null>(tabs[0]?.id ?? null);
  const [live, setLive] = useState<Record<number, boolean>>({});
  const onLive = useCallback(
    (id: number, isLive: boolean) => setLive((prev) => (prev[id] === isLive ? prev : { ...prev, [id]: isLive })),
    [],
  );
  useLeaveGuard(tabs.some((t) => live[t.id] !== false));

  const open = (argv: string[]) => {
    const id = Math.max(0, ...tabs.map((t) => t.id)) + 1;
    setTabs([...tabs, { id, spec: specFor(form.task, argv, form.tty) }]);
    setActive(id);
  };
  const close = (id: number) => {
    if (live[id] !== false && !window.confirm('This session is still running. Close it?')) return;
    const rest = tabs.filter((t) => t.id !== id);
    setTabs(rest);
    if (active === id) setActive(rest.at(-1)?.id ?? null);
  };

  return (
    <div className="flex flex-col gap-4">
      <title>{`Exec · ${allocName} · nomad-live`}</title>
      <PageHeader title="Exec" description={<>Terminal sessions in {allocLink}</>} />
      <ExecNewSession
        tasks={tasks}
        task={form.task}
        commandLine={form.commandLine}
        tty={form.tty}
        onChange={(next) => {
          const merged = { ...form, ...next };
          setForm(merged);
          url.setForm(merged.task, merged.commandLine);
        }}
        onOpen={open}
      />
      {tabs.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No session yet: pick a task and open one.</p>
      ) : (
        <>
          <ExecTabs tabs={tabs} active={active} live={live} onSelect={setActive} onClose={close} />
          {tabs.map((t) => (
            <ExecSessionPanel key={t.id} id={t.id} spec={t.spec} active={t.id === active} onLive={onLive} />
          ))}
        </>
      )}
    </div>
  );
}
