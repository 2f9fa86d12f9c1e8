import { useState } from 'react';
import { RelativeTime } from '@/components/relative-time.tsx';
import { buttonClass } from '@/components/styles.ts';
import { saveBlob } from '@/lib/save-blob.ts';
import { readBlob, type AllocFileInfo, type FsScope } from '../lib/fs-api.ts';
import { formatBytes } from '../lib/format-bytes.ts';
import { ImagePreview } from './image-preview.tsx';
import { ReadError } from './read-error.tsx';
import { TextFileView } from './text-file-view.tsx';

type Kind = 'text' | 'json' | 'image' | 'binary';

export function kindOf(info: AllocFileInfo): Kind {
  const type = info.ContentType ?? '';
  if (type.startsWith('application/json') || info.Name.endsWith('.json')) return 'json';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('text/') || info.Size === 0) return 'text';
  return 'binary';
}

/** One file: text (windowed), JSON, image, or a binary offered as a download. */
export function FileView({ scope, path, info }: { scope: FsScope; path: string; info: AllocFileInfo }) {
  const kind = kindOf(info);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      saveBlob(await readBlob(scope, path, info.Size), info.Name);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3 text-sm text-zinc-600 dark:text-zinc-400">
        <span>{info.ContentType ?? 'unknown type'}</span>
        <span title={`${info.Size.toLocaleString()} bytes`}>{formatBytes(info.Size)}</span>
        <span>
          modified <RelativeTime ms={Date.parse(info.ModTime)} />
        </span>
        <span className="font-mono text-xs">{info.FileMode}</span>
        <button type="button" className={buttonClass} disabled={busy} onClick={() => void download()}>
          {busy ? 'Downloading…' : 'Download'}
        </button>
      </div>
      {error !== null && <ReadError error={error} path={path} />}
      {kind === 'image' && (
        <ImagePreview scope={scope} path={path} size={info.Size} type={info.ContentType ?? 'image/png'} />
      )}
      {(kind === 'text' || kind === 'json') && (
        <TextFileView scope={scope} path={path} size={info.Size} json={kind === 'json'} />
      )}
      {kind === 'binary' && (
        <p className="rounded-md border border-dashed border-zinc-300 p-6 text-center text-sm dark:border-zinc-700">
          Binary file ({info.ContentType ?? 'unknown type'}, {formatBytes(info.Size)}): not shown. Use Download to save
          it.
        </p>
      )}
    </div>
  );
}
