import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ActionDialog } from '@/components/action-dialog.tsx';
import { GuardedButton } from '@/components/guarded-button.tsx';
import { useCan } from '@/lib/nomad/use-abilities.ts';
import { nodeActions } from '../api/node-queries.ts';

/** "GC all": collect every terminal allocation on the node, after saying what that destroys. */
export function NodeGc({ id, name, region }: { id: string; name: string; region: string | undefined }) {
  const can = useCan({ write: { global: 'node', level: 'write' } });
  const gc = useMutation(nodeActions.gcAll({ id, region }));
  const [open, setOpen] = useState(false);
  return (
    <>
      <GuardedButton
        onClick={() => {
          gc.reset();
          setOpen(true);
        }}
        disabledReason={can.write.allowed ? undefined : can.write.reason}
      >
        Garbage collect allocations
      </GuardedButton>
      <ActionDialog
        open={open}
        title="Garbage collect the node"
        confirmLabel="Garbage collect"
        pendingLabel="Collecting…"
        danger
        status={gc.status}
        error={gc.error}
        result="The client collected its terminal allocations."
        onConfirm={() => gc.mutate()}
        onClose={() => setOpen(false)}
      >
        <p>
          Asks <strong>{name}</strong> to destroy every allocation on it that has stopped (complete, failed or lost) and
          delete their allocation directories, including their logs. Running allocations are not touched. This cannot be
          undone.
        </p>
      </ActionDialog>
    </>
  );
}
