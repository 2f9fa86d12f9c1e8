import { useMutation, type UseMutationOptions } from '@tanstack/react-query';
import { useState } from 'react';

/**
 * State for one confirm-then-run action: whether its dialog is open, and the mutation.
 * Opening resets the last result, so a dialog never shows the previous run's outcome.
 */
export function useAction<TData, TVars>(options: UseMutationOptions<TData, Error, TVars>) {
  const [open, setOpen] = useState(false);
  const mutation = useMutation(options);
  return {
    open,
    mutation,
    show: () => {
      mutation.reset();
      setOpen(true);
    },
    close: () => setOpen(false),
  };
}
