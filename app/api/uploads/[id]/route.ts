import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { authorizeUpload } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';
import { fileHeaders } from '@/lib/http/serve-file.ts';
import { AppError } from '@/lib/errors.ts';
import { getBlobStore } from '@/lib/uploads/uploads.ts';

type Ctx = { params: Promise<{ id: string }> };

/** The file itself, to its customer and the agents handling its request (404 to anyone else). `?download=1`: saved, not shown. */
export const GET = route(async (req: NextRequest, { params }: Ctx, call) => {
  const id = parseId((await params).id, 'id');
  const upload = await authorizeUpload({ db: getDb(), actor: await call.actor(), id });
  const headers = fileHeaders({ mime: upload.mime, name: upload.name, etag: upload.blob, download: req.nextUrl.searchParams.get('download') === '1' });
  if (req.headers.get('if-none-match') === headers.get('etag')) return new Response(null, { status: 304, headers });
  const data = await getBlobStore().read(getDb(), upload.blob);
  if (!data) throw new AppError('not_found', 'This file is no longer kept.', 'id');
  headers.set('content-length', String(data.length));
  return new Response(new Uint8Array(data), { status: 200, headers });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
