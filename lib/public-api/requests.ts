import type { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { ServiceRequest } from '../db/generated/sqlite/client.ts';
import { AppError } from '../errors.ts';
import { ATTACHMENT_SELECT, toAttachmentViews, type AttachmentRow } from '../uploads/view.ts';
import { toRequestView, type RequestMessageView } from '../requests/request-view.ts';
import { listMessages } from '../requests/thread.ts';
import { afterCursor, pageOf, PAGE_ORDER, takeFor } from './pagination.ts';
import { requestsQuerySchema, type requestSchema } from './schemas.ts';

type RequestOut = z.infer<typeof requestSchema>;

/** The requests with their threads: one query for all the page's messages, not one per request. */
const withThreads = async (db: Db, rows: (ServiceRequest & { attachments: AttachmentRow[] })[]): Promise<RequestOut[]> => {
  const byRequest = new Map<string, RequestMessageView[]>();
  for (const m of await listMessages({ db, requestIds: rows.map((r) => r.id) })) byRequest.set(m.requestId, [...(byRequest.get(m.requestId) ?? []), m]);
  return rows.map((r) => ({ ...toRequestView(r), attachments: toAttachmentViews(r.attachments), updatedAt: r.updatedAt.toISOString(), thread: byRequest.get(r.id) ?? [] }));
};

/** GET /api/v1/requests: every customer's requests, oldest first, with their threads. */
export const listRequestsForApi = async (opts: { db: Db; query: Record<string, string> }) => {
  const q = requestsQuerySchema.parse(opts.query);
  const rows = await opts.db.serviceRequest.findMany({
    where: {
      ...afterCursor(q.cursor),
      ...(q.status ? { status: q.status } : {}),
      ...(q.updatedSince ? { updatedAt: { gte: new Date(q.updatedSince) } } : {}),
      ...(q.customerId ? { customerId: q.customerId } : {}),
    },
    orderBy: PAGE_ORDER,
    take: takeFor(q.limit),
    include: { attachments: { select: ATTACHMENT_SELECT } },
  });
  const page = pageOf(rows, q.limit);
  return { requests: await withThreads(opts.db, page.rows), nextCursor: page.nextCursor };
};

export const getRequestForApi = async (opts: { db: Db; id: string }) => {
  const row = await opts.db.serviceRequest.findUnique({ where: { id: opts.id }, include: { attachments: { select: ATTACHMENT_SELECT } } });
  if (!row) throw new AppError('not_found', 'No such request.', 'id');
  const [request] = await withThreads(opts.db, [row]);
  return { request: request! };
};
