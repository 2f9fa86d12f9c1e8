import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { nodeActions, nodeQueries } from '../api/node-queries.ts';
import { diffMeta, type MetaChange, type MetaEdits } from '../lib/meta-edits.ts';

/**
 * The metadata editor's state: what the client reports, the batch being built, and the
 * last batch applied (kept to tell when the Node object, which schedulers read, shows it).
 */
export function useMetaEditor(id: string, region: string | undefined) {
  const client = useQueryClient();
  const options = nodeQueries.metadata({ id, region });
  const query = useQuery(options);
  const [edits, setEdits] = useState<MetaEdits>({});
  const [applied, setApplied] = useState<{ changes: MetaChange[]; at: number } | undefined>();
  const apply = useMutation({
    ...nodeActions.applyMetadata({ id, region }),
    onSuccess: (answer, sent) => {
      if (query.data) setApplied({ changes: diffMeta(query.data, sent), at: Date.now() });
      client.setQueryData(options.queryKey, answer);
      setEdits({});
    },
  });
  const changes = query.data ? diffMeta(query.data, edits) : [];
  return {
    query,
    edits,
    changes,
    applied,
    apply,
    stage: (key: string, value: string | null) => setEdits((e) => ({ ...e, [key]: value })),
    unstage: (key: string) =>
      setEdits((e) => {
        const next = { ...e };
        delete next[key];
        return next;
      }),
    clear: () => setEdits({}),
  };
}
