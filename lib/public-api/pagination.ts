import { z } from 'zod';
import { AppError } from '../errors.ts';

/**
 * Cursor pagination for /api/v1 lists: rows in (createdAt, id) order — both fixed for a row's life — and
 * a cursor naming the last row given. The next page is what comes strictly after that pair, so a row
 * inserted while a client pages (it sorts after every existing one, or before the cursor) never makes
 * a page skip or repeat another. The cursor is opaque to clients (base64url of the pair).
 */

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;

type Position = { createdAt: Date; id: string };

export const encodeCursor = (p: Position): string => Buffer.from(JSON.stringify([p.createdAt.toISOString(), p.id])).toString('base64url');

export const decodeCursor = (cursor: string): Position => {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const createdAt = new Date(String(at));
    if (typeof at !== 'string' || typeof id !== 'string' || !id || id.length > 64 || Number.isNaN(createdAt.getTime())) throw new Error('shape');
    return { createdAt, id };
  } catch {
    throw new AppError('invalid_input', 'cursor: is not a cursor this API gave', 'cursor');
  }
};

/** `limit` and `cursor` of every list; the lists add their own filters with `.extend`. */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'must be a whole number from 1 to 100' })
    .int('must be a whole number from 1 to 100')
    .min(1, 'must be a whole number from 1 to 100')
    .max(MAX_LIMIT, 'must be a whole number from 1 to 100')
    .default(DEFAULT_LIMIT)
    .meta({ description: 'rows per page, 1–100 (default 50)' }),
  cursor: z.string().max(200, 'is not a cursor this API gave').optional().meta({ description: 'nextCursor of the previous page' }),
});

export const PAGE_ORDER = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

/** The Prisma `where` for "after the cursor" (empty on the first page). */
export const afterCursor = (cursor: string | undefined) => {
  if (!cursor) return {};
  const c = decodeCursor(cursor);
  return { OR: [{ createdAt: { gt: c.createdAt } }, { createdAt: c.createdAt, id: { gt: c.id } }] };
};

/** Reads one row more than the page to know whether another page follows. */
export const takeFor = (limit: number) => limit + 1;

export const pageOf = <R extends Position>(rows: R[], limit: number): { rows: R[]; nextCursor: string | null } => {
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
};
