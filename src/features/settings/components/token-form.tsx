import { useId, useState, type FormEvent } from 'react';
import { buttonClass, controlClass, primaryButtonClass } from '@/components/styles.ts';
import { tokenStore } from '@/lib/nomad/token-store.ts';
import { useTokenPersistence } from '../hooks/use-token-persistence.ts';

const WHERE = {
  none: 'No token saved: requests are made as the anonymous token.',
  session: 'A token is saved for this tab only; it is forgotten when the tab closes.',
  remembered: 'A token is remembered on this device until you sign out.',
} as const;

/**
 * Paste-a-secret form. Saving or signing out changes the token store, and the app resets
 * every cached query on that change, so all panels reload under the new identity.
 */
export function TokenForm() {
  const id = useId();
  const persistence = useTokenPersistence();
  const [secret, setSecret] = useState('');
  const [remember, setRemember] = useState(persistence === 'remembered');
  // Masked by default (screenshots, screen sharing); shown only while the user asks.
  const [reveal, setReveal] = useState(false);

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!secret.trim()) return;
    tokenStore.set(secret, { remember });
    // The field is cleared (and masked again) so the secret does not linger in the DOM.
    setSecret('');
    setReveal(false);
  };

  return (
    <form onSubmit={save} className="space-y-4" autoComplete="off">
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-secret`} className="text-sm font-medium">
          Secret ID
        </label>
        <div className="flex max-w-md gap-2">
          <input
            id={`${id}-secret`}
            type={reveal ? 'text' : 'password'}
            autoComplete="off"
            spellCheck={false}
            placeholder="00000000-0000-0000-0000-000000000000"
            className={`${controlClass} w-full font-mono`}
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            aria-describedby={`${id}-where`}
          />
          <button
            type="button"
            className={buttonClass}
            aria-pressed={reveal}
            aria-controls={`${id}-secret`}
            onClick={() => setReveal(!reveal)}
          >
            {reveal ? 'Hide' : 'Show'}
          </button>
        </div>
      </div>
      <div className="flex items-center gap-2">
        <input
          id={`${id}-remember`}
          type="checkbox"
          className="size-4 rounded border-zinc-300 accent-teal-700"
          checked={remember}
          onChange={(e) => setRemember(e.target.checked)}
        />
        <label htmlFor={`${id}-remember`} className="text-sm">
          Remember on this device
        </label>
      </div>
      <p id={`${id}-where`} className="text-sm text-zinc-600 dark:text-zinc-400">
        {WHERE[persistence]} The secret is sent only in the <code className="font-mono">X-Nomad-Token</code> header.
      </p>
      <div className="flex flex-wrap gap-3">
        <button type="submit" className={primaryButtonClass} disabled={!secret.trim()}>
          Save token
        </button>
        {persistence !== 'none' && (
          <button type="button" className={buttonClass} onClick={() => tokenStore.clear()}>
            Sign out
          </button>
        )}
      </div>
    </form>
  );
}
