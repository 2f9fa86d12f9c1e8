import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorAlert } from '@/components/error-alert.tsx';
import { RelativeTime } from '@/components/relative-time.tsx';
import { formatDateTime } from '@/lib/format-time.ts';
import { isTransientError } from '@/lib/nomad/retry-policy.ts';
import type { ACLToken } from '@/lib/nomad/types.ts';
import { aclQueries, ACLS_DISABLED_ACCESSOR, ANONYMOUS_ACCESSOR } from '../api/acl-queries.ts';
import { PolicyRules } from './policy-rules.tsx';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-3 py-2">
      <dt className="text-sm text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 text-sm break-words">{children}</dd>
    </div>
  );
}

function Expiry({ at }: { at: string | null }) {
  if (!at) return <>never</>;
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return <>{at}</>;
  return (
    <>
      {formatDateTime(ms)} (<RelativeTime ms={ms} />)
    </>
  );
}

function TokenDetails({ token }: { token: ACLToken }) {
  const policies = token.Policies ?? [];
  const roles = token.Roles ?? [];
  return (
    <dl className="divide-y divide-zinc-100 dark:divide-zinc-800">
      <Row label="Name">{token.Name || <span className="text-zinc-500">(unnamed)</span>}</Row>
      <Row label="Type">{token.Type === 'management' ? 'management (full access)' : token.Type}</Row>
      <Row label="Accessor ID">
        <span className="font-mono">{token.AccessorID}</span>
      </Row>
      <Row label="Policies">
        {token.Type === 'management' ? (
          <span className="text-zinc-600 dark:text-zinc-400">none needed: management tokens may do everything</span>
        ) : policies.length ? (
          <ul className="space-y-1">
            {policies.map((p) => (
              <li key={p}>
                <PolicyRules name={p} />
              </li>
            ))}
          </ul>
        ) : (
          'none'
        )}
      </Row>
      <Row label="Roles">{roles.length ? roles.map((r) => r.Name).join(', ') : 'none'}</Row>
      <Row label="Expires">
        <Expiry at={token.ExpirationTime ?? null} />
      </Row>
      <Row label="Global">{token.Global ? 'yes: valid in every region' : 'no: this region only'}</Row>
      {token.CreateTime && !Number.isNaN(Date.parse(token.CreateTime)) && (
        <Row label="Created">{formatDateTime(Date.parse(token.CreateTime))}</Row>
      )}
    </dl>
  );
}

/** Who the dashboard is talking to Nomad as, from `/v1/acl/token/self`. */
export function TokenIdentity() {
  const self = useQuery(aclQueries.tokenSelf());
  if (self.isPending) return <p className="text-sm text-zinc-500">Checking the token…</p>;
  if (self.isError) {
    // Only a 4xx is about the token; a 5xx or a network failure is Nomad not answering.
    const title = isTransientError(self.error)
      ? 'Could not check the token: Nomad did not answer (checking again every few seconds)'
      : 'This token was not accepted';
    return <ErrorAlert title={title} error={self.error} onRetry={() => void self.refetch()} />;
  }

  const token = self.data;
  if (token.AccessorID === ACLS_DISABLED_ACCESSOR) {
    return (
      <p className="text-sm">
        <strong>ACLs are disabled on this cluster.</strong> Every request is allowed and no token is needed; a saved
        token is ignored.
      </p>
    );
  }
  return (
    <>
      {token.AccessorID === ANONYMOUS_ACCESSOR && (
        <p className="mb-3 text-sm text-zinc-700 dark:text-zinc-300">
          No token is in use: requests are made as the anonymous token, with only what the <code>anonymous</code> policy
          allows.
        </p>
      )}
      <TokenDetails token={token} />
    </>
  );
}
