import { useEffect, useId, useRef, type ReactNode } from 'react';
import { ErrorAlert } from './error-alert.tsx';
import { buttonClass, dangerButtonClass, primaryButtonClass } from './styles.ts';

export type ActionStatus = 'idle' | 'pending' | 'success' | 'error';

interface ActionDialogProps {
  open: boolean;
  title: string;
  /** What exactly will happen, plus any fields the action takes. */
  children: ReactNode;
  confirmLabel: string;
  /** Shown on the button while the request runs, e.g. "Stopping…". */
  pendingLabel: string;
  /** Destructive actions get a red button. */
  danger?: boolean;
  status: ActionStatus;
  error?: unknown;
  /** What happened, shown after success. */
  result?: ReactNode;
  /** Keeps the confirm button disabled (e.g. a field is invalid). */
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/**
 * A modal confirmation for an action with consequences: it says what will happen, shows
 * progress, then the result or the server's exact error, without leaving the page. The
 * native `<dialog>` gives focus trapping, Escape and the backdrop.
 */
export function ActionDialog(props: ActionDialogProps) {
  const { open, title, children, status, error, result, onClose } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    } else if (!open && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    }
  }, [open]);

  const done = status === 'success';
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {open && (
        <form
          className="space-y-4 p-5"
          onSubmit={(e) => {
            e.preventDefault();
            if (!done && status !== 'pending') props.onConfirm();
          }}
        >
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="space-y-3 text-sm text-zinc-700 dark:text-zinc-300">{children}</div>
          {status === 'pending' && (
            <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
              Sending the request to Nomad…
            </p>
          )}
          {status === 'error' && <ErrorAlert title={`${title} failed`} error={error} />}
          {done && (
            <div
              role="status"
              className="rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-100"
            >
              {result ?? 'Done.'}
            </div>
          )}
          <div className="flex justify-end gap-2 pt-1">
            <button type="button" className={buttonClass} onClick={onClose}>
              {done ? 'Close' : 'Cancel'}
            </button>
            {!done && (
              <button
                type="submit"
                className={props.danger ? dangerButtonClass : primaryButtonClass}
                disabled={status === 'pending' || props.confirmDisabled}
                aria-busy={status === 'pending'}
              >
                {status === 'pending' ? props.pendingLabel : props.confirmLabel}
              </button>
            )}
          </div>
        </form>
      )}
    </dialog>
  );
}
