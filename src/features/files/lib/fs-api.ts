/**
 * Reading the allocation filesystem (`/v1/client/fs/{ls,stat,readat,cat}`), robust to Nomad
 * answering a failed `cat`/`readat` with HTTP 200 and the error text as the body (its
 * anti-XSS writer commits the 200 before the error is written).
 */
import { queryOptions } from '@tanstack/react-query';
import { deniedAs403 } from '@/lib/nomad/file-stream.ts';
import { apiFetch, apiPath, apiStream, type ApiRequest } from '@/lib/nomad/http.ts';
import { NomadError } from '@/lib/nomad/nomad-error.ts';

export interface AllocFileInfo {
  Name: string;
  IsDir: boolean;
  Size: number;
  FileMode: string;
  ModTime: string;
  /** Only from `stat`. */
  ContentType?: string;
}

export interface FsScope {
  allocId: string;
  namespace: string;
  region: string | undefined;
}

export const fsKeys = { all: ['alloc-fs'] as const };

export const fsQueries = {
  ls: ({ allocId, namespace, region }: FsScope, path: string) =>
    queryOptions({
      queryKey: [...fsKeys.all, 'ls', allocId, path || '/', namespace, region],
      queryFn: async ({ signal }) =>
        (
          await apiFetch<AllocFileInfo[] | null>(apiPath`/v1/client/fs/ls/${allocId}`, {
            query: { path: path || '/' },
            namespace,
            region,
            signal,
          })
        ).data ?? [],
    }),
  stat: ({ allocId, namespace, region }: FsScope, path: string) =>
    queryOptions({
      queryKey: [...fsKeys.all, 'stat', allocId, path, namespace, region],
      queryFn: async ({ signal }) =>
        (
          await apiFetch<AllocFileInfo>(apiPath`/v1/client/fs/stat/${allocId}`, {
            query: { path },
            namespace,
            region,
            signal,
          })
        ).data,
      enabled: path !== '',
    }),
};

// Error texts Nomad's fs endpoints produce (client/fs_endpoint.go, allocdir).
const INLINE_ERROR =
  /^(Reading (secret|private) file prohibited: |Path escapes the alloc directory|must provide |error parsing offset|(stat|open|read) \/.*: |file ".*" is a directory|Permission denied|ACL token not found|Unknown allocation|No path to node)/;

/**
 * If a 200 body is really an error text, the error; else undefined. A real read returns
 * exactly the bytes asked for, so a body that matches an error text *and* has the wrong
 * length is an error, not a file that happens to start with those words.
 */
export function inlineError(
  bytes: Uint8Array,
  expectedLength: number | undefined,
  endpoint: string,
): NomadError | undefined {
  if (bytes.length > 1024 || (expectedLength !== undefined && bytes.length === expectedLength)) return undefined;
  const text = new TextDecoder().decode(bytes);
  if (!INLINE_ERROR.test(text)) return undefined;
  const status = /no such file|Unknown allocation|No path/.test(text)
    ? 404
    : /Permission|ACL token/.test(text)
      ? 403
      : 400;
  return new NomadError({ status, endpoint, serverText: text });
}

/** apiStream for cat/readat, with a forwarded `500 Permission denied` reported as the 403 it is. */
async function openRead(path: string, req: ApiRequest): Promise<Response> {
  try {
    return await apiStream(path, req);
  } catch (err) {
    throw deniedAs403(err, path.split('?')[0]!, req.namespace);
  }
}

/** Raw bytes of a window of a file: `readat` with `offset` and `limit`. */
export async function readWindow(
  scope: FsScope,
  path: string,
  offset: number,
  limit: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const res = await openRead(apiPath`/v1/client/fs/readat/${scope.allocId}`, {
    query: { path, offset, limit },
    namespace: scope.namespace,
    region: scope.region,
    signal,
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const err = inlineError(bytes, limit, 'GET /v1/client/fs/readat');
  if (err) throw err;
  return bytes;
}

/** A whole file as a Blob (`cat`), for downloads and image previews. */
export async function readBlob(scope: FsScope, path: string, size: number, signal?: AbortSignal): Promise<Blob> {
  const res = await openRead(apiPath`/v1/client/fs/cat/${scope.allocId}`, {
    query: { path },
    namespace: scope.namespace,
    region: scope.region,
    signal,
  });
  const blob = await res.blob();
  if (blob.size !== size && blob.size <= 1024) {
    const err = inlineError(new Uint8Array(await blob.arrayBuffer()), size, 'GET /v1/client/fs/cat');
    if (err) throw err;
  }
  return blob;
}
