import { getDb } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { getBlobStore } from '../uploads/uploads.ts';

/**
 * The headers a customer's file is served with (issue 30): its real type (decided by its bytes when it was
 * uploaded), never sniffed by the browser, never run — a policy that allows no script, no plugin, no
 * frame of ours around it, and a sandbox — and a name for saving it. A PDF is always a download; a picture
 * is shown inline unless a download is asked for. Private: no shared cache keeps it.
 */
export const fileHeaders = (f: { mime: string; name: string; etag: string; download: boolean }): Headers => {
  const attachment = f.download || f.mime === 'application/pdf';
  const ascii = f.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new Headers({
    'content-type': f.mime,
    'content-disposition': `${attachment ? 'attachment' : 'inline'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'",
    'cross-origin-resource-policy': 'same-origin',
    // The bytes under an id never change; who may see them can (a request moved on), so the browser keeps
    // them for itself only, and asks again after an hour.
    'cache-control': 'private, max-age=3600',
    etag: `"${f.etag}"`,
  });
};

/** Answers with one blob of the store (the file or its thumbnail): 304 when the browser has it, 404 when it is gone. */
export const serveBlob = async (req: Request, f: { key: string; mime: string; name: string; download: boolean }): Promise<Response> => {
  const headers = fileHeaders({ mime: f.mime, name: f.name, etag: f.key, download: f.download });
  if (req.headers.get('if-none-match') === headers.get('etag')) return new Response(null, { status: 304, headers });
  const data = await getBlobStore().read(getDb(), f.key);
  if (!data) throw new AppError('not_found', 'This file is no longer kept.', 'id');
  headers.set('content-length', String(data.length));
  return new Response(new Uint8Array(data), { status: 200, headers });
};
