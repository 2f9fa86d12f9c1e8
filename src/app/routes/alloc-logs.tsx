import { useLocation, useParams } from 'react-router';
import { LogsPage } from '@/features/logs/components/logs-page.tsx';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';
import { allocTaskNames, WithAllocation } from './with-allocation.tsx';

export function AllocationLogsRoute() {
  const { id = '', task } = useParams();
  const { region } = useScope();
  const { search } = useLocation();
  return (
    <WithAllocation
      id={id}
      region={region}
      fullHref={(fullId) => `${paths.allocationLogs.getHref(fullId, task)}${search}`}
    >
      {(a) => (
        <LogsPage
          key={`${id}/${task ?? ''}`}
          allocId={a.ID}
          allocName={a.Name}
          namespace={a.Namespace}
          region={region}
          tasks={allocTaskNames(a)}
          task={task}
          taskHref={(t) => `${paths.allocationLogs.getHref(a.ID, t)}${keepSearch(search)}`}
          allocHref={paths.allocation.getHref(a.ID, { region })}
          filesHref={paths.allocationFiles.getHref(a.ID, 'alloc/logs', { region })}
        />
      )}
    </WithAllocation>
  );
}

/** Switching task keeps the view settings (stream, search, wrap, region) but not a byte offset. */
function keepSearch(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('offset');
  const s = params.toString();
  return s ? `?${s}` : '';
}
