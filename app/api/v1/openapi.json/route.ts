import { methodNotAllowed, route } from '@/lib/http/route.ts';
import { buildOpenApiDocument } from '@/lib/public-api/openapi.ts';

let doc: ReturnType<typeof buildOpenApiDocument> | undefined;

/** The OpenAPI 3.1 document of /api/v1 (public: it describes, it reveals nothing). */
export const GET = route(async () => Response.json((doc ??= buildOpenApiDocument())));

const other = methodNotAllowed('GET');
export { other as POST, other as PUT, other as PATCH, other as DELETE };
