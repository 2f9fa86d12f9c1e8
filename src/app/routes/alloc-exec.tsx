import { Link, useLocation, useParams } from 'react-router';
import { linkClass } from '@/components/styles.ts';
import { ExecPage } from '@/features/exec/components/exec-page.tsx';
import type { Allocation } from '@/lib/nomad/types.ts';
import { paths } from '../paths.ts';
import { useScope } from '../scope.ts';
import { allocTaskNames, WithAllocation } from './with-allocation.tsx';

export function AllocationExecRoute() {
  const { id = '', task } = useParams();
  const { region } = useScope();
  const { search } = useLocation();
  return (
    <WithAllocation
      id={id}
      region={region}
      fullHref={(fullId) => `${paths.allocationExec.getHref(fullId, task)}${search}`}
    >
      {(a) => (
        <ExecPage
          // Another allocation is another page; the sessions of this one must not carry over.
          key={a.ID}
          allocId={a.ID}
          allocName={a.Name}
          namespace={a.Namespace}
          region={region}
          tasks={execTasks(a)}
          pathTask={task}
          allocLink={
            <Link to={paths.allocation.getHref(a.ID, { region })} className={linkClass}>
              {a.Name}
            </Link>
          }
        />
      )}
    </WithAllocation>
  );
}

/** The allocation's tasks with what the task picker shows: state and driver. */
function execTasks(a: Allocation) {
  const group = a.Job?.TaskGroups?.find((g) => g.Name === a.TaskGroup);
  return allocTaskNames(a).map((name) => ({
    name,
    state: a.TaskStates?.[name]?.State,
    driver: group?.Tasks?.find((t) => t.Name === name)?.Driver,
  }));
}
