import { ErrorBoundary } from '@/components/error-boundary.tsx';
import { ThemeToggle } from '@/components/theme-toggle.tsx';
import { AgentIndicator } from '@/features/cluster/components/agent-indicator.tsx';
import { NamespacePicker } from '@/features/cluster/components/namespace-picker.tsx';
import { RegionPicker } from '@/features/cluster/components/region-picker.tsx';
import { useScope, useSetScope } from '../scope.ts';

/** A widget that crashes shows a quiet note; the bar and the page keep working. */
const quiet = (what: string) => (error: Error) => (
  <span className="text-xs text-zinc-500" title={error.message}>
    {what} unavailable
  </span>
);

export function TopBar() {
  const scope = useScope();
  const setScope = useSetScope();
  return (
    <div className="flex flex-wrap items-center gap-x-5 gap-y-2 border-b border-zinc-200 bg-white/80 px-4 py-2.5 backdrop-blur md:px-6 dark:border-zinc-800 dark:bg-zinc-900/80">
      <ErrorBoundary fallback={quiet('Namespace picker')}>
        <NamespacePicker
          value={scope.namespace}
          region={scope.region}
          onChange={(namespace) => setScope({ namespace })}
        />
      </ErrorBoundary>
      <ErrorBoundary fallback={quiet('Region picker')}>
        <RegionPicker value={scope.region} onChange={(region) => setScope({ region })} />
      </ErrorBoundary>
      <div className="ml-auto flex items-center gap-4">
        <ErrorBoundary fallback={quiet('Agent status')}>
          <AgentIndicator region={scope.region} />
        </ErrorBoundary>
        <ThemeToggle />
      </div>
    </div>
  );
}
