import type { Socket } from 'socket.io-client';
import { ask, connected, nextEvent } from './server.ts';
import type { scenario } from './scenario.ts';

export type ThreadMessage = { id: string; requestId: string; author: string; body: string; createdAt: string; agent: { id?: string; name: string; nameZh: string } | null };

/** The request as `GET /api/agent/requests` lists it to its agent. */
export type AgentRequestView = {
  id: string;
  createdAt: string;
  readUpTo: string | null;
  customerDeliveredUpTo: string | null;
  customerReadUpTo: string | null;
  messages: ThreadMessage[];
};

/**
 * One open request between a customer (with a live socket) and an agent's console (signed in,
 * connected, the alert heard): the fixture of the thread, read-receipt and delivery-state tests.
 */
export const openConversation = async (
  s: ReturnType<typeof scenario>,
  handle: string,
  capability: number,
  opts: { customerName?: string; firstMessage?: string } = {},
) => {
  await s.agent(handle, capability);
  const me = await s.online(handle);
  const customer = await s.customerOf(opts.customerName ?? `Customer of ${handle}`, handle);
  const customerSocket = s.socket({ cookie: customer.client.cookieHeader() });
  await connected(customerSocket);
  const alert = nextEvent(me.tab, 'service-request:new');
  const sent = await customer.send(opts.firstMessage ?? 'Where is my parcel?');
  await alert;
  const id = sent.json.request.id as string;
  return {
    me,
    customer,
    customerSocket,
    id,
    createdAt: sent.json.request.createdAt as string,
    /** the customer adds to the thread (with an Idempotency-Key if given) */
    say: (body: string, key?: string) => customer.client.post(`/api/service-requests/${id}/messages`, { body }, key ? { 'Idempotency-Key': key } : {}),
    /** the agent replies from a console tab */
    reply: (body: string, tab: Socket = me.tab) => ask(tab, 'service-request:reply', { id, body }),
    agentView: async () => ((await me.client.get('/api/agent/requests')).json.requests as AgentRequestView[]).find((r) => r.id === id)!,
    customerView: async () =>
      (await customer.client.get(`/api/service-requests/${id}`)).json.request as { readUpTo: string | null; createdAt: string; customerDeliveredUpTo: string | null; customerReadUpTo: string | null },
  };
};
