import { buttonClass, controlClass, labelClass } from '@/components/styles.ts';
import { newHeader, type HeaderRow } from '../lib/sink-form.ts';

interface HeadersEditorProps {
  rows: HeaderRow[];
  onChange: (rows: HeaderRow[]) => void;
  errors: string[] | undefined;
}

/** Extra HTTP headers sent with every delivery (e.g. a receiver's auth header). */
export function HeadersEditor({ rows, onChange, errors }: HeadersEditorProps) {
  const set = (id: number, patch: Partial<HeaderRow>) =>
    onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <fieldset className="space-y-2">
      <legend className={labelClass}>Headers (optional)</legend>
      {rows.map((row, i) => (
        <div key={row.id} className="flex flex-wrap items-center gap-2">
          <input
            className={`${controlClass} w-56 font-mono`}
            aria-label={`Header ${i + 1} name`}
            value={row.name}
            placeholder="Authorization"
            onChange={(e) => set(row.id, { name: e.target.value })}
          />
          <input
            className={`${controlClass} min-w-48 flex-1 font-mono`}
            aria-label={`Header ${i + 1} value`}
            value={row.value}
            onChange={(e) => set(row.id, { value: e.target.value })}
          />
          <button
            type="button"
            className={buttonClass}
            aria-label={`Remove header ${i + 1}`}
            onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className={buttonClass} onClick={() => onChange([...rows, newHeader()])}>
        Add header
      </button>
      {errors?.length ? (
        <ul className="text-sm text-red-700 dark:text-red-300">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Header values are stored by the nomad-live server and shown here to anyone with operator:read.
      </p>
    </fieldset>
  );
}
