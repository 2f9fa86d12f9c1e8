import { describeFailure, isNomadError } from '@/lib/nomad/nomad-error.ts';
import { buttonClass } from './styles.ts';

interface ErrorAlertProps {
  /** What failed, e.g. "Could not load jobs". */
  title: string;
  error: unknown;
  onRetry?: () => void;
}

function hintFor(error: unknown): string | undefined {
  if (!isNomadError(error)) {
    return error instanceof TypeError ? 'The dashboard server did not answer; check that it is running.' : undefined;
  }
  switch (error.kind) {
    case 'permission-denied':
      return error.capability?.scope === 'token'
        ? 'Check the Secret ID, or sign out to continue as the anonymous token.'
        : 'Ask for a policy that grants it, or save a different token on the Settings page.';
    case 'no-leader':
      return 'This usually heals by itself once the servers elect a leader.';
    default:
      return undefined;
  }
}

/** A failed request, said plainly: the error's own sentence, a hint, and a retry. */
export function ErrorAlert({ title, error, onRetry }: ErrorAlertProps) {
  const message = describeFailure(error);
  const hint = hintFor(error);
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-100"
    >
      <p className="font-semibold">{title}</p>
      <p className="mt-1 break-words">{message}</p>
      {hint && <p className="mt-1 text-red-800 dark:text-red-200">{hint}</p>}
      {onRetry && (
        <button type="button" className={`${buttonClass} mt-3`} onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
