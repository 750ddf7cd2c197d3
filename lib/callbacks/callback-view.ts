import type { Agent, Callback, Customer } from '../db/generated/sqlite/client.ts';

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
  agent: { id: string; name: string; nameZh: string };
  customer: { id: string; name: string };
};

export const CALLBACK_INCLUDE = {
  agent: { select: { id: true, name: true, nameZh: true } },
  customer: { select: { id: true, name: true } },
} as const;

type Row = Callback & { agent: Pick<Agent, 'id' | 'name' | 'nameZh'>; customer: Pick<Customer, 'id' | 'name'> };

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
  agent: c.agent,
  customer: c.customer,
});
