import type { ReactNode } from 'react';
import { PageHeader } from './page-header.tsx';

interface ComingNextProps {
  title: string;
  /** One sentence: what the page is for. */
  summary: string;
  /** What it will do, as a short list. */
  plans: ReactNode[];
  children?: ReactNode;
}

/** A page that is not built yet says what it will do instead of showing nothing. */
export function ComingNext({ title, summary, plans, children }: ComingNextProps) {
  return (
    <>
      <PageHeader title={title} description={summary} />
      <section
        aria-label={`${title}: coming next`}
        className="rounded-xl border border-dashed border-zinc-300 bg-white p-6 dark:border-zinc-700 dark:bg-zinc-900"
      >
        <p className="text-xs font-semibold tracking-wide text-teal-700 uppercase dark:text-teal-300">Coming next</p>
        <ul className="mt-3 list-disc space-y-1.5 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
          {plans.map((plan, i) => (
            <li key={i}>{plan}</li>
          ))}
        </ul>
        {children}
      </section>
    </>
  );
}
