import { ErrorAlert } from '@/components/error-alert.tsx';
import { isNomadError } from '@/lib/nomad/nomad-error.ts';

/** A failed read, with Nomad's refusal of secrets/private files explained rather than just quoted. */
export function ReadError({ error, path }: { error: unknown; path: string }) {
  if (isNomadError(error) && /^Reading (secret|private) file prohibited/.test(error.serverText)) {
    return (
      <div
        role="alert"
        className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
      >
        <p className="font-semibold">Nomad refuses to read this file</p>
        <p className="mt-1">
          <span className="font-mono">{path}</span> is in a task&apos;s <span className="font-mono">secrets</span> or{' '}
          <span className="font-mono">private</span> directory: Nomad lists these files but never serves their contents
          (&ldquo;{error.serverText}&rdquo;).
        </p>
      </div>
    );
  }
  return <ErrorAlert title="Could not read this file" error={error} />;
}
