import { useId, type ReactNode } from 'react';
import { ErrorAlert } from './error-alert.tsx';
import { ErrorBoundary } from './error-boundary.tsx';

interface PanelProps {
  title: string;
  /** Shown next to the title: live indicator, counts, actions. */
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** A titled section of a page that fails alone: a crash inside shows an error with a retry. */
export function Panel({ title, actions, children, className = '' }: PanelProps) {
  const id = useId();
  return (
    <section
      aria-labelledby={id}
      className={`rounded-xl border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900 ${className}`}
    >
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <h2 id={id} className="text-sm font-semibold text-zinc-800 dark:text-zinc-100">
          {title}
        </h2>
        {actions && <div className="flex flex-wrap items-center gap-3 text-sm">{actions}</div>}
      </header>
      <div className="p-4">
        <ErrorBoundary
          fallback={(error, reset) => <ErrorAlert title={`${title} failed to display`} error={error} onRetry={reset} />}
        >
          {children}
        </ErrorBoundary>
      </div>
    </section>
  );
}
