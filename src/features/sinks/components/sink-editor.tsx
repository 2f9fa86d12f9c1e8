import { ErrorAlert } from '@/components/error-alert.tsx';
import { Panel } from '@/components/panel.tsx';
import { buttonClass, controlClass, primaryButtonClass } from '@/components/styles.ts';
import type { EventSink } from '@/lib/nomad/types.ts';
import { useSinkForm } from '../hooks/use-sink-form.ts';
import { SINK_TYPES } from '../lib/sink-form.ts';
import { Field } from './field.tsx';
import { HeadersEditor } from './headers-editor.tsx';
import { TopicsEditor } from './topics-editor.tsx';

interface SinkEditorProps {
  existing: EventSink | undefined;
  takenIds: readonly string[];
  onSaved: (id: string) => void;
  onCancel: () => void;
}

/** Create or edit a sink. Input survives server errors; each message sits by its field. */
export function SinkEditor({ existing, takenIds, onSaved, onCancel }: SinkEditorProps) {
  const form = useSinkForm({ existing, takenIds, onSaved });
  const { values, errors, update } = form;
  return (
    <Panel title={form.editing ? `Edit sink ${values.id}` : 'New sink'}>
      <form
        noValidate
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          form.submit();
        }}
      >
        <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
          <Field label="ID" errors={errors.id} hint={form.editing ? 'The ID cannot change.' : 'No spaces or slashes.'}>
            {(a11y) => (
              <input
                {...a11y}
                className={`${controlClass} w-full font-mono`}
                value={values.id}
                readOnly={form.editing}
                autoComplete="off"
                onChange={(e) => update({ id: e.target.value })}
              />
            )}
          </Field>
          <Field label="Type" errors={errors.type}>
            {(a11y) => (
              <select
                {...a11y}
                className={`${controlClass} w-full`}
                value={values.type}
                onChange={(e) => update({ type: e.target.value })}
              >
                {SINK_TYPES.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field
          label="Address"
          errors={errors.address}
          hint="The webhook URL; each batch of events is POSTed to it as JSON."
        >
          {(a11y) => (
            <input
              {...a11y}
              type="url"
              className={`${controlClass} w-full font-mono`}
              value={values.address}
              placeholder="https://hooks.example.com/nomad"
              onChange={(e) => update({ address: e.target.value })}
            />
          )}
        </Field>
        <TopicsEditor rows={values.topics} onChange={(topics) => update({ topics })} errors={errors.topics} />
        <HeadersEditor rows={values.headers} onChange={(headers) => update({ headers })} errors={errors.headers} />
        <Field
          label="Signing secret (optional)"
          errors={errors.secret}
          hint={
            existing?.HasSecret
              ? 'A secret is set. Leave blank to keep it, type a new one to replace it.'
              : 'Signs each body with HMAC-SHA256 in X-Nomad-Live-Signature. Write-only: never shown again.'
          }
        >
          {(a11y) => (
            <input
              {...a11y}
              type="password"
              autoComplete="new-password"
              className={`${controlClass} w-full`}
              value={values.secret}
              onChange={(e) => update({ secret: e.target.value })}
            />
          )}
        </Field>
        {existing?.HasSecret && (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={values.removeSecret}
              disabled={values.secret !== ''}
              onChange={(e) => update({ removeSecret: e.target.checked })}
            />
            Remove the secret (stop signing)
          </label>
        )}
        {errors.form?.length ? (
          <ul role="alert" className="text-sm text-red-700 dark:text-red-300">
            {errors.form.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        ) : null}
        {form.failure !== undefined && <ErrorAlert title="Could not save the sink" error={form.failure} />}
        <div className="flex gap-2">
          <button type="submit" className={primaryButtonClass} disabled={form.pending} aria-busy={form.pending}>
            {form.pending ? 'Saving…' : form.editing ? 'Save changes' : 'Create sink'}
          </button>
          <button type="button" className={buttonClass} onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Panel>
  );
}
