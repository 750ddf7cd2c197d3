import { AppError } from '@/lib/errors.ts';
import { route } from '@/lib/http/route.ts';

// Any /api address no route claims: the JSON error shape, never Next's HTML 404 page.
const notFound = route(async () => {
  throw new AppError('not_found', 'There is nothing at this address.', 'path');
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as HEAD, notFound as OPTIONS };
