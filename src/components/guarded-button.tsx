import { useId, type ReactNode } from 'react';
import { buttonClass } from './styles.ts';

interface GuardedButtonProps {
  children: ReactNode;
  onClick: () => void;
  /** Why the button cannot be used; undefined when it can. */
  disabledReason?: string | undefined;
  className?: string;
}

/**
 * A button that may be unavailable for a stated reason (usually a missing ACL capability).
 * It stays focusable with `aria-disabled`, and the reason is its accessible description
 * and tooltip, so keyboard and screen-reader users learn why, not just that.
 */
export function GuardedButton({ children, onClick, disabledReason, className = buttonClass }: GuardedButtonProps) {
  const id = useId();
  const disabled = disabledReason !== undefined;
  return (
    <>
      <button
        type="button"
        className={`${className} aria-disabled:cursor-not-allowed aria-disabled:opacity-60`}
        aria-disabled={disabled || undefined}
        aria-describedby={disabled ? id : undefined}
        title={disabledReason}
        onClick={() => {
          if (!disabled) onClick();
        }}
      >
        {children}
      </button>
      {disabled && (
        <span id={id} hidden>
          {disabledReason}
        </span>
      )}
    </>
  );
}
