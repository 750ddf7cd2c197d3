import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { authorizeUpload } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, parseId, route } from '@/lib/http/route.ts';
import { serveBlob } from '@/lib/http/serve-file.ts';

type Ctx = { params: Promise<{ id: string }> };

/** The file itself, to its customer and the agents handling its request (404 to anyone else). `?download=1`: saved, not shown. */
export const GET = route(async (req: NextRequest, { params }: Ctx, call) => {
  const upload = await authorizeUpload({ db: getDb(), actor: await call.actor(), id: parseId((await params).id, 'id') });
  return serveBlob(req, { key: upload.blob, mime: upload.mime, name: upload.name, download: req.nextUrl.searchParams.get('download') === '1' });
});

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
