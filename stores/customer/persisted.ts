import * as z from 'zod/mini';
import type { CustomerState } from './store-types.ts';

/**
 * What survives a reload: who this device belongs to, the last known agent (so home renders
 * offline), recent requests, and the outbox of requests not yet confirmed by the server.
 * Nothing else: a search, errors and screens start fresh. No contact details are kept here.
 */
export const PERSIST_KEY = 'ea-customer';
export const PERSIST_VERSION = 1;

const agentSchema = z.object({
  id: z.string(),
  handle: z.string(),
  name: z.string(),
  nameZh: z.string(),
  bio: z.string(),
  languages: z.array(z.string()),
  skills: z.array(z.string()),
  avatarColor: z.string(),
  initials: z.string(),
  capability: z.number(),
  status: z.enum(['online', 'away', 'offline']),
});

const requestSchema = z.object({
  id: z.string(),
  message: z.string(),
  status: z.enum(['pending', 'delivered', 'acknowledged', 'resolved']),
  createdAt: z.string(),
});

const outboxSchema = z.object({
  key: z.string(),
  customerId: z.string(),
  message: z.string(),
  createdAt: z.string(),
  status: z.enum(['queued', 'failed']),
  error: z.optional(z.object({ code: z.string(), status: z.number(), field: z.optional(z.string()) })),
});

export const persistedSchema = z.object({
  customerId: z.nullable(z.string()),
  introSeen: z.boolean(),
  myAgent: z.nullable(agentSchema),
  boundAt: z.nullable(z.string()),
  requests: z.array(requestSchema),
  outbox: z.array(outboxSchema),
});

export type PersistedState = z.infer<typeof persistedSchema>;

export const partialize = (s: CustomerState): PersistedState => ({
  customerId: s.customerId,
  introSeen: s.introSeen,
  myAgent: s.myAgent,
  boundAt: s.boundAt,
  requests: s.requests,
  outbox: s.outbox,
});

/**
 * Storage is outside our control (old versions, other code, a full disk): anything that does not
 * parse is dropped whole rather than crashing the app — except the outbox, which is salvaged item
 * by item because it holds words the customer wrote and we have not delivered yet.
 */
export const mergePersisted = (persisted: unknown, current: CustomerState): CustomerState => {
  const parsed = persistedSchema.safeParse(persisted);
  if (parsed.success) return { ...current, ...parsed.data };
  const raw = typeof persisted === 'object' && persisted !== null ? (persisted as { outbox?: unknown }).outbox : undefined;
  const outbox = Array.isArray(raw) ? raw.flatMap((i) => {
    const item = outboxSchema.safeParse(i);
    return item.success ? [item.data] : [];
  }) : [];
  return { ...current, outbox };
};
