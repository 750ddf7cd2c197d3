import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client.ts';
import { requireCustomer } from '@/lib/auth/authorize.ts';
import { methodNotAllowed, route } from '@/lib/http/route.ts';
import { readOneFile } from '@/lib/http/multipart.ts';
import { MAX_FILE_BYTES, refused } from '@/lib/uploads/inspect.ts';
import { createUpload, getBlobStore } from '@/lib/uploads/uploads.ts';

/** `POST /api/uploads`: one file in the field `file` → 201 `{ upload }`, to attach to a request or message by id. */
export const POST = route(
  async (req: NextRequest, _ctx, call) => {
    const customerId = requireCustomer(await call.actor());
    await call.throttle('uploads');
    const file = await readOneFile(req, { field: 'file', maxBytes: MAX_FILE_BYTES, tooLarge: refused.tooLarge });
    const upload = await createUpload({ db: getDb(), store: getBlobStore(), customerId, file });
    return Response.json({ upload }, { status: 201 });
  },
  { body: 'form' },
);

const other = methodNotAllowed('POST');
export { other as GET, other as PUT, other as PATCH, other as DELETE };
