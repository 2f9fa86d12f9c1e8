import { RelativeTime } from '@/components/relative-time.tsx';
import { isPropagated, type MetaChange } from '../lib/meta-edits.ts';

interface MetaPropagationProps {
  applied: { changes: MetaChange[]; at: number };
  nodeMeta: Readonly<Record<string, string>> | null | undefined;
}

/**
 * The client applies metadata at once but pushes it to the servers asynchronously; constraints
 * only see it once the Node object has it. The live Node query tells us when that happened.
 */
export function MetaPropagation({ applied, nodeMeta }: MetaPropagationProps) {
  const done = isPropagated(nodeMeta, applied.changes);
  return (
    <p role="status" className="flex items-center gap-2 text-sm">
      <span
        aria-hidden="true"
        className={`inline-block size-2 rounded-full ${done ? 'bg-emerald-500' : 'animate-pulse bg-amber-500'}`}
      />
      {done ? (
        <span>The Node object shows the changes: schedulers now see them.</span>
      ) : (
        <span>
          Applied <RelativeTime ms={applied.at} />; waiting for the Node object to show the changes (the client syncs
          them to the servers within about 10 s).
        </span>
      )}
    </p>
  );
}
