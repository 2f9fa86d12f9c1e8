import { useId, useState } from 'react';
import { ActionDialog } from '@/components/action-dialog.tsx';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { GuardedButton } from '@/components/guarded-button.tsx';
import { buttonClass, controlClass, labelClass, primaryButtonClass } from '@/components/styles.ts';
import { useCan } from '@/lib/nomad/use-abilities.ts';
import { useMetaEditor } from '../hooks/use-meta-editor.ts';
import { metaKeyError } from '../lib/meta-key.ts';
import { MetaDiff } from './meta-diff.tsx';
import { MetaPropagation } from './meta-propagation.tsx';
import { MetaTable } from './meta-table.tsx';

interface MetadataEditorProps {
  nodeId: string;
  region: string | undefined;
  /** The live Node object's Meta: what schedulers see. */
  nodeMeta: Readonly<Record<string, string>> | null | undefined;
}

/** Dynamic node metadata: view the three layers, build a batch of changes, review the diff, apply. */
export function MetadataEditor({ nodeId, region, nodeMeta }: MetadataEditorProps) {
  const editor = useMetaEditor(nodeId, region);
  const can = useCan({ write: { global: 'node', level: 'write' } });
  const denied = can.write.allowed ? undefined : can.write.reason;
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [touched, setTouched] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  const id = useId();
  const keyError = metaKeyError(key);
  const showKeyError = touched && keyError !== undefined;

  const stageForm = () => {
    setTouched(true);
    if (keyError || denied) return;
    editor.stage(key, value);
    setKey('');
    setValue('');
    setTouched(false);
  };

  if (editor.query.error) {
    return (
      <ErrorAlert
        title="Could not read the node's metadata"
        error={editor.query.error}
        onRetry={() => void editor.query.refetch()}
      />
    );
  }
  if (!editor.query.data) return <p className="text-sm text-zinc-500">Loading metadata…</p>;
  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Setting a key stores it in <strong>Dynamic</strong> and overrides a static value of the same name. Unsetting
        sends <code>null</code>: a dynamic-only key disappears; a static key disappears from the effective Meta but
        stays in Dynamic as <code>null</code>, so it remains unset after the agent restarts.
      </p>
      <MetaTable
        data={editor.query.data}
        disabledReason={denied}
        onEdit={(k, v) => {
          setKey(k);
          setValue(v);
          setTouched(true);
        }}
        onUnset={(k) => editor.stage(k, null)}
      />
      <form
        className="flex flex-wrap items-start gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          stageForm();
        }}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-key`} className={labelClass}>
            Key
          </label>
          <input
            id={`${id}-key`}
            className={`${controlClass} w-56 font-mono`}
            value={key}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={showKeyError || undefined}
            aria-describedby={showKeyError ? `${id}-key-error` : undefined}
            onChange={(e) => {
              setKey(e.target.value);
              setTouched(true);
            }}
          />
          {showKeyError && (
            <p id={`${id}-key-error`} className="max-w-sm text-xs text-red-700 dark:text-red-400">
              {keyError}
            </p>
          )}
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-value`} className={labelClass}>
            Value
          </label>
          <input
            id={`${id}-value`}
            className={`${controlClass} w-56 font-mono`}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
        <div className="flex flex-col gap-1">
          <span className={labelClass} aria-hidden="true">
            &nbsp;
          </span>
          {denied ? (
            <GuardedButton onClick={() => undefined} disabledReason={denied}>
              Add to batch
            </GuardedButton>
          ) : (
            <button type="submit" className={buttonClass}>
              Add to batch
            </button>
          )}
        </div>
      </form>
      {editor.changes.length > 0 && (
        <div className="space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
          <h3 className="text-sm font-semibold">Changes to apply ({editor.changes.length})</h3>
          <MetaDiff changes={editor.changes} onRemove={editor.unstage} />
          <div className="flex gap-2">
            <button
              type="button"
              className={primaryButtonClass}
              onClick={() => {
                editor.apply.reset();
                setReviewing(true);
              }}
            >
              Review and apply
            </button>
            <button type="button" className={buttonClass} onClick={editor.clear}>
              Discard all
            </button>
          </div>
        </div>
      )}
      {editor.applied && <MetaPropagation applied={editor.applied} nodeMeta={nodeMeta} />}
      <ActionDialog
        open={reviewing}
        title="Apply metadata changes"
        confirmLabel="Apply"
        pendingLabel="Applying…"
        status={editor.apply.status}
        error={editor.apply.error}
        result="The client stored the changes. The servers, and so the schedulers, see them after a short delay (up to about 10 s); the page shows when they do."
        confirmDisabled={editor.changes.length === 0 && editor.apply.status !== 'success'}
        onConfirm={() => editor.apply.mutate(editor.edits)}
        onClose={() => setReviewing(false)}
      >
        <p>These changes are sent in one request to the node&apos;s client agent:</p>
        {editor.changes.length > 0 ? <MetaDiff changes={editor.changes} /> : <p>Nothing left to change.</p>}
      </ActionDialog>
    </div>
  );
}
