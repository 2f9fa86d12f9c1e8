/**
 * Saves a Blob as a file download. Data is fetched with the token by apiFetch/apiStream
 * first and handed over as a blob: URL, so no download link ever points at the API (a bare
 * link could not carry the X-Nomad-Token header).
 */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the URL asynchronously after the click.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
