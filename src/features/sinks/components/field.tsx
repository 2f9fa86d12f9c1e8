import { useId, type ReactElement, type ReactNode } from 'react';
import { labelClass } from '@/components/styles.ts';

interface FieldProps {
  label: string;
  hint?: ReactNode;
  errors: string[] | undefined;
  /** Gets the input's id and description ids. */
  children: (a11y: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactElement;
}

/** A labelled control with its errors (ours or the server's) right under it. */
export function Field({ label, hint, errors, children }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [errors?.length ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className={`${labelClass} block`}>
        {label}
      </label>
      {children({ id, 'aria-invalid': Boolean(errors?.length), 'aria-describedby': describedBy })}
      {hint && (
        <p id={hintId} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      )}
      {errors?.length ? (
        <ul id={errorId} className="text-sm text-red-700 dark:text-red-300">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
