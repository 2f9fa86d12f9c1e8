import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { isNomadError } from '@/lib/nomad/nomad-error.ts';
import type { EventSink } from '@/lib/nomad/types.ts';
import { sinkActions, sinkKeys, withSinkCapability } from '../api/sink-queries.ts';
import {
  emptySinkForm,
  formFromSink,
  serverErrors,
  sinkBody,
  validateSinkForm,
  type SinkErrors,
  type SinkField,
  type SinkFormValues,
} from '../lib/sink-form.ts';

interface Options {
  /** The sink being edited; undefined to create one. */
  existing: EventSink | undefined;
  /** IDs already taken, so creating cannot silently replace a sink (POST is an upsert). */
  takenIds: readonly string[];
  onSaved: (id: string) => void;
}

const FIELDS_OF: Record<keyof SinkFormValues, SinkField> = {
  id: 'id',
  type: 'type',
  address: 'address',
  topics: 'topics',
  headers: 'headers',
  secret: 'secret',
  removeSecret: 'secret',
};

/**
 * The sink form's state: the values exactly as typed (never reset by a failed save), local
 * checks shown once the user tries to save, and the server's messages placed on the fields
 * they name until that field is edited again.
 */
export function useSinkForm({ existing, takenIds, onSaved }: Options) {
  const [values, setValues] = useState<SinkFormValues>(() => (existing ? formFromSink(existing) : emptySinkForm()));
  const [tried, setTried] = useState(false);
  const [fromServer, setFromServer] = useState<SinkErrors>({});
  const [failure, setFailure] = useState<unknown>(undefined);
  const client = useQueryClient();
  const save = useMutation(sinkActions.save());

  const local = useMemo(() => {
    const errors = validateSinkForm(values);
    if (!existing && takenIds.includes(values.id)) {
      errors.id = [...(errors.id ?? []), `A sink named "${values.id}" already exists; edit it instead.`];
    }
    return errors;
  }, [values, existing, takenIds]);

  const errors: SinkErrors = { ...(tried ? local : {}), ...fromServer };

  function update(patch: Partial<SinkFormValues>) {
    setValues((v) => ({ ...v, ...patch }));
    setFromServer((prev) => {
      const next = { ...prev };
      for (const key of Object.keys(patch) as (keyof SinkFormValues)[]) delete next[FIELDS_OF[key]];
      return next;
    });
  }

  function submit() {
    setTried(true);
    setFailure(undefined);
    setFromServer({});
    if (Object.keys(local).length > 0) return;
    save.mutate(sinkBody(values), {
      onSuccess: async () => {
        await client.invalidateQueries({ queryKey: sinkKeys.all });
        onSaved(values.id);
      },
      onError: (error) => {
        // Validation answers (400, or the beta's 500) carry Nomad's messages: place them by field.
        if (isNomadError(error) && (error.kind === 'bad-request' || error.kind === 'server') && error.serverText) {
          setFromServer(serverErrors(error.serverText));
          return;
        }
        setFailure(withSinkCapability(error, 'write'));
      },
    });
  }

  return { values, update, errors, submit, pending: save.isPending, failure, editing: existing !== undefined };
}
