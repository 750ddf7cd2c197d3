import { z } from 'zod';
import type { Report } from '../admin/reports.ts';
import { pageQuerySchema } from './pagination.ts';

// The wire shapes of /api/v1, in zod: they generate the OpenAPI document (openapi.ts) and the
// integration tests parse every answer with them, so the document cannot drift from what is sent.

const iso = z.string().meta({ format: 'date-time' });
const agentRef = z.object({ id: z.string(), name: z.string(), nameZh: z.string() }).meta({ id: 'AgentRef' });

export const attachmentSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['image', 'pdf']),
    name: z.string(),
    bytes: z.number().int(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    url: z.string().meta({ description: 'the file; answers only to its customer and the agents handling the request' }),
    thumbnailUrl: z.string().optional().meta({ description: 'a picture’s 320 px thumbnail' }),
  })
  .meta({ id: 'Attachment' });

export const messageSchema = z
  .object({
    id: z.string(),
    requestId: z.string(),
    author: z.enum(['customer', 'agent']),
    body: z.string(),
    createdAt: iso,
    agent: agentRef.nullable().meta({ description: 'the agent who wrote it; null for the customer’s' }),
    attachments: z.array(attachmentSchema).meta({ description: 'files the customer sent with it' }),
  })
  .meta({ id: 'Message' });

export const REQUEST_STATUSES = ['pending', 'delivered', 'acknowledged', 'resolved'] as const;

export const requestSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    agentId: z.string().meta({ description: 'the agent handling it now' }),
    boundAgentId: z.string().nullable().meta({ description: 'the customer’s exclusive agent when it was made' }),
    cover: z.boolean().meta({ description: 'handled by someone covering for the exclusive agent' }),
    waitForBound: z.boolean(),
    holdReason: z.string().nullable(),
    message: z.string(),
    status: z.enum(REQUEST_STATUSES),
    createdAt: iso,
    deliveredAt: iso.nullable(),
    acknowledgedAt: iso.nullable(),
    resolvedAt: iso.nullable(),
    updatedAt: iso,
    attachments: z.array(attachmentSchema).meta({ description: 'files the customer sent with it' }),
    thread: z.array(messageSchema).meta({ description: 'the thread’s messages, oldest first' }),
  })
  .meta({ id: 'ServiceRequest' });

export const customerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    im: z.string().nullable(),
    locale: z.string().nullable(),
    externalId: z.string().nullable().meta({ description: 'the shop’s user id, when the shop identified them' }),
    createdAt: iso,
    agent: agentRef
      .extend({ since: iso, state: z.enum(['active', 'pending_handover']) })
      .nullable()
      .meta({ description: 'their exclusive agent; null when they have none' }),
  })
  .meta({ id: 'Customer' });

export const agentSchema = z
  .object({
    id: z.string(),
    handle: z.string(),
    name: z.string(),
    nameZh: z.string(),
    languages: z.array(z.string()),
    skills: z.array(z.string()),
    active: z.boolean().meta({ description: 'false once deactivated' }),
    status: z.enum(['online', 'away', 'offline']).meta({ description: 'what the agent chose' }),
    available: z.boolean().meta({ description: 'chose online and a console of theirs is connected' }),
    capability: z.number(),
    rating: z.object({ average: z.number().nullable(), count: z.number().int() }),
    createdAt: iso,
  })
  .meta({ id: 'Agent' });

const nextCursor = z.string().nullable().meta({ description: 'pass as `cursor` for the next page; null on the last page' });

export const requestsPageSchema = z.object({ requests: z.array(requestSchema), nextCursor }).meta({ id: 'RequestsPage' });
export const requestOneSchema = z.object({ request: requestSchema }).meta({ id: 'RequestOne' });
export const customersPageSchema = z.object({ customers: z.array(customerSchema), nextCursor }).meta({ id: 'CustomersPage' });
export const agentsPageSchema = z.object({ agents: z.array(agentSchema), nextCursor }).meta({ id: 'AgentsPage' });

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) })
  .meta({ id: 'Error' });

const since = (what: string) =>
  z.iso
    .datetime({ offset: true, error: 'must be a date-time such as 2026-12-01T00:00:00Z' })
    .optional()
    .meta({ description: what });

export const requestsQuerySchema = pageQuerySchema.extend({
  status: z.enum(REQUEST_STATUSES, { error: `must be one of ${REQUEST_STATUSES.join(', ')}` }).optional(),
  updatedSince: since('only requests changed at or after this time'),
  customerId: z.string().max(64, 'is not a valid id').optional(),
});

export const customersQuerySchema = pageQuerySchema.extend({
  agentId: z.string().max(64, 'is not a valid id').optional().meta({ description: 'only the exclusive customers of this agent' }),
});

export const agentsQuerySchema = pageQuerySchema.extend({
  available: z.enum(['true', 'false'], { error: 'must be true or false' }).optional().meta({ description: 'only agents available now (true) or not (false)' }),
});

const percentiles = z.object({ p50Ms: z.number().nullable(), p90Ms: z.number().nullable(), count: z.number().int() });
const namedCount = z.object({ agentId: z.string(), name: z.string(), nameZh: z.string(), count: z.number().int(), share: z.number() });

/** The figures of /admin/reports (lib/admin/reports.ts `Report`: the type check below fails the build when that type no longer fits this schema). */
export const reportSchema = z
  .object({
    period: z.object({ from: iso, to: iso, agentId: z.string().nullable(), utcOffsetMinutes: z.number().int() }),
    volume: z.array(z.object({ at: iso, count: z.number().int() })).meta({ description: 'requests made per day of the zone asked for' }),
    volumeByHour: z.array(z.object({ hour: z.number().int(), count: z.number().int() })),
    firstAnswer: percentiles.meta({ description: 'time to the first answer' }),
    resolution: percentiles.meta({ description: 'time to resolution' }),
    ratings: z.object({ average: z.number().nullable(), count: z.number().int(), distribution: z.array(z.object({ stars: z.number().int(), count: z.number().int() })) }),
    gifts: z.object({ count: z.number().int(), points: z.number() }),
    bindingHealth: z.object({
      requests: z.number().int(),
      answeredByOwnAgent: z.number().int(),
      coveredShare: z.number(),
      heldShare: z.number(),
      heldMs: z.object({ p50: z.number().nullable(), p90: z.number().nullable(), count: z.number().int() }),
      coveredBy: z.array(namedCount),
      hops: z.object({ moved: z.number().int(), total: z.number().int(), max: z.number().int() }),
      agentChanges: z.array(z.object({ reason: z.string(), count: z.number().int() })),
      handovers: z.array(z.object({ reason: z.string(), answer: z.string(), count: z.number().int() })),
      customersPerAgent: z.array(z.object({ agentId: z.string(), name: z.string(), nameZh: z.string(), customers: z.number().int(), capacity: z.number().int() })),
    }),
  })
  .meta({ id: 'Report' });

export const reportOneSchema = z.object({ report: reportSchema }).meta({ id: 'ReportOne' });

// A Report that stops fitting the schema (a field renamed, retyped or added as required) is a type error here.
type ReportFits = Report extends z.infer<typeof reportSchema> ? true : never;
export const REPORT_FITS: ReportFits = true;

export const reportsQuerySchema = z.object({
  from: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time, e.g. 2026-12-01T00:00:00Z' }).meta({ description: 'start of the period (inclusive)' }),
  to: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time, e.g. 2026-12-31T00:00:00Z' }).meta({ description: 'end of the period (exclusive); at most 366 days after from' }),
  agentId: z.string().optional().meta({ description: 'only this agent’s figures' }),
  utcOffsetMinutes: z.coerce.number().int().optional().meta({ description: 'the zone days and hours are counted in, whole hours east of UTC (default 0)' }),
});

/** A query string to an object the schemas read (the first value of a repeated key). */
export const queryOf = (url: string): Record<string, string> => Object.fromEntries(new URL(url).searchParams);
