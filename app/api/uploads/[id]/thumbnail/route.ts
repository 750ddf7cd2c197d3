import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { authorizeUpload } from '@/lib/auth/authorize.ts';
import { AppError } from '@/lib/errors.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';
import { serveBlob } from '@/lib/http/serve-file.ts';

type Ctx = { params: Promise<{ id: string }> };

/** A picture's 320 px thumbnail (WebP), to the same people as the picture. */
export const GET = route(async (req: NextRequest, { params }: Ctx, call) => {
  const upload = await authorizeUpload({ db: getDb(), actor: await call.actor(), id: parseId((await params).id, 'id') });
  if (!upload.thumbBlob) throw new AppError('not_found', 'This file has no thumbnail.', 'id');
  return serveBlob(req, { key: upload.thumbBlob, mime: 'image/webp', name: `${upload.name.replace(/\.[^.]*$/, '')}-thumbnail.webp`, download: false });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
