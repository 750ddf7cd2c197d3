import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { authorizeUpload } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';
import { fileHeaders } from '@/lib/http/serve-file.ts';
import { AppError } from '@/lib/errors.ts';
import { getBlobStore } from '@/lib/uploads/uploads.ts';

type Ctx = { params: Promise<{ id: string }> };

/** A picture's 320 px thumbnail (WebP), to the same people as the picture. */
export const GET = route(async (req: NextRequest, { params }: Ctx, call) => {
  const id = parseId((await params).id, 'id');
  const upload = await authorizeUpload({ db: getDb(), actor: await call.actor(), id });
  if (!upload.thumbBlob) throw new AppError('not_found', 'This file has no thumbnail.', 'id');
  const headers = fileHeaders({ mime: 'image/webp', name: upload.name.replace(/\.[^.]*$/, '') + '-thumbnail.webp', etag: upload.thumbBlob, download: false });
  if (req.headers.get('if-none-match') === headers.get('etag')) return new Response(null, { status: 304, headers });
  const data = await getBlobStore().read(getDb(), upload.thumbBlob);
  if (!data) throw new AppError('not_found', 'This file is no longer kept.', 'id');
  headers.set('content-length', String(data.length));
  return new Response(new Uint8Array(data), { status: 200, headers });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
