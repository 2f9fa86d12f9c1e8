import { useEffect, useState } from 'react';
import { isAbortError } from '@/lib/nomad/nomad-error.ts';
import { readBlob, type FsScope } from '../lib/fs-api.ts';
import { ReadError } from './read-error.tsx';

/**
 * An image read with the token and shown from a blob: URL. A plain `<img src>` pointing at
 * the API could not send the X-Nomad-Token header.
 */
export function ImagePreview({
  scope,
  path,
  size,
  type,
}: {
  scope: FsScope;
  path: string;
  size: number;
  type: string;
}) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { allocId, namespace, region } = scope;
  useEffect(() => {
    const controller = new AbortController();
    let objectUrl: string | null = null;
    readBlob({ allocId, namespace, region }, path, size, controller.signal)
      .then((blob) => {
        objectUrl = URL.createObjectURL(new Blob([blob], { type }));
        setUrl(objectUrl);
      })
      .catch((err: unknown) => {
        if (!isAbortError(err)) setError(err);
      });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [allocId, namespace, region, path, size, type]);
  if (error) return <ReadError error={error} path={path} />;
  if (!url) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading image…</p>;
  return (
    <img
      src={url}
      alt={`Preview of ${path}`}
      className="max-h-[70vh] max-w-full rounded-md border border-zinc-200 bg-[repeating-conic-gradient(#e4e4e7_0_25%,transparent_0_50%)] bg-[length:16px_16px] dark:border-zinc-800"
    />
  );
}
