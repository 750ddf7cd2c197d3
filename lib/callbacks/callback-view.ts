import type { Db } from '../db/client.ts';
import type { Agent, Callback, Customer } from '../db/generated/sqlite/client.ts';
import type { AwayReason } from './callback-cover.ts';

export type CallbackStatus = 'booked' | 'done' | 'no_answer' | 'cancelled';

/** What sockets and HTTP answers carry for a callback (docs/api.md). */
export type CallbackView = {
  id: string;
  at: string;
  phone: string;
  note: string;
  timeZone: string;
  status: CallbackStatus;
  agentNote: string | null;
  previousAt: string | null;
  changedBy: 'customer' | 'agent' | null;
  /** the agent is not available at the time (the customer was told and offered another slot) */
  agentAway: boolean;
  /** why the agent will not make the call (null while they will) */
  awayReason: AwayReason | null;
  /** who can make the call instead, if anyone (the customer may take them, pick another time, or write now) */
  cover: { id: string; name: string; nameZh: string } | null;
  agent: { id: string; name: string; nameZh: string };
  customer: { id: string; name: string };
};

export const CALLBACK_INCLUDE = {
  agent: { select: { id: true, name: true, nameZh: true } },
  customer: { select: { id: true, name: true } },
} as const;

type AgentName = Pick<Agent, 'id' | 'name' | 'nameZh'>;
type Row = Callback & { agent: AgentName; customer: Pick<Customer, 'id' | 'name'>; coverAgent?: AgentName | null };

export const toCallbackView = (c: Row): CallbackView => ({
  id: c.id,
  at: c.at.toISOString(),
  phone: c.phone,
  note: c.note,
  timeZone: c.timeZone,
  status: c.status as CallbackStatus,
  agentNote: c.agentNote,
  previousAt: c.previousAt?.toISOString() ?? null,
  changedBy: (c.changedBy as CallbackView['changedBy']) ?? null,
  agentAway: c.awayToldAt !== null && c.status === 'booked',
  awayReason: c.awayToldAt !== null && c.status === 'booked' ? ((c.awayReason as AwayReason | null) ?? 'agent_away') : null,
  cover: c.awayToldAt !== null && c.status === 'booked' && c.coverAgentId ? (c.coverAgent ?? null) : null,
  agent: { id: c.agent.id, name: c.agent.name, nameZh: c.agent.nameZh },
  customer: { id: c.customer.id, name: c.customer.name },
});

/** Views of these rows with the offered cover's name (one query for all of them). */
export const toCallbackViews = async (db: Db, rows: Row[]): Promise<CallbackView[]> => {
  const ids = [...new Set(rows.flatMap((r) => (r.coverAgentId ? [r.coverAgentId] : [])))];
  const covers = ids.length ? await db.agent.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, nameZh: true } }) : [];
  const byId = new Map(covers.map((a) => [a.id, a]));
  return rows.map((r) => toCallbackView({ ...r, coverAgent: r.coverAgentId ? (byId.get(r.coverAgentId) ?? null) : null }));
};

export const loadCallbackView = async (db: Db, id: string): Promise<CallbackView> =>
  (await toCallbackViews(db, [await db.callback.findUniqueOrThrow({ where: { id }, include: CALLBACK_INCLUDE })]))[0]!;
