/**
 * Socket.IO events shared by server and browser: the one event map, both directions, payloads and
 * acks. Names are part of the public contract (docs/api.md). The server's `Server<ClientToServerEvents,
 * ServerToClientEvents>` and the browser's `ClientSocket` are both typed from it, so a renamed event or
 * a changed payload fails to compile on either side (events.types.test.ts shows it).
 */
import type { Socket } from 'socket.io-client';

import type { AgentStatus, CustomerReadView, RequestMessageView, RequestStatus, ServiceRequestAlert, ServiceRequestUpdate, ThreadReadView } from '../requests/request-view.ts';
import type { AgentPresenceView } from '../agents/events.ts';
import type { RatingView } from '../ratings/rating-view.ts';
import type { GiftView } from '../gifts/gift-view.ts';
import type { CallbackView } from '../callbacks/callback-view.ts';
import type { HandoverView } from '../binding/handover-view.ts';

export type { ThreadReadView, CustomerReadView };
export type { AgentStatus, RequestMessageView, RequestStatus, ServiceRequestAlert, ServiceRequestUpdate, AgentPresenceView, RatingView, GiftView, CallbackView };

export type AckResult<T = ServiceRequestUpdate> = { ok: true; request: T } | { ok: false; error: { code: string; message: string; field?: string } };

export type ServerToClientEvents = {
  /** the client calls `received(true)` once the alert is on screen: that marks the request delivered */
  'service-request:new': (alert: ServiceRequestAlert, received: (seen: boolean) => void) => void;
  'service-request:update': (update: ServiceRequestUpdate) => void;
  /** the request was handed to another agent (timeout, decline, customer took a cover) */
  'service-request:withdrawn': (body: { id: string }) => void;
  'service-request:message': (message: RequestMessageView) => void;
  /** the handling agent has read the customer's words up to `readUpTo` (to the customer and the agent's tabs) */
  'service-request:read': (read: ThreadReadView) => void;
  /** to the handling agent's consoles: the customer's app received (`deliveredUpTo`) or showed (`readUpTo`) the agent's words */
  'service-request:customer-read': (read: CustomerReadView) => void;
  /** to the agent's own consoles: their chosen status and whether they are available */
  'agent:status': (body: { status: AgentStatus; available?: boolean; reason?: string | null }) => void;
  /** to the customers of that agent (their exclusive agent), at once on every change and on connect */
  'agent:presence': (body: AgentPresenceView) => void;
  /** to whoever waits for any agent to come online (see `agents:watch`) */
  'agents:available': () => void;
  /** to a demo console: the real person signed in to this account, the demo goes quiet (and may come back
   * once that person's last console has been gone for the presence grace period: until then its handshake
   * is refused with `demo_yield`) */
  'demo:yield': () => void;
  /** a customer rated (or changed their rating of) a request this agent resolved */
  'rating:new': (rating: RatingView) => void;
  /** a customer sent this agent a gift */
  'gift:new': (gift: GiftView) => void;
  /** to the customer: their agent left (or was moved) and they are asked to take the next agent or choose again; or that was answered */
  'handover:changed': (handover: HandoverView) => void;
  /** to the customer and the agent's consoles: a callback was booked, moved, closed, or its agent is away at the time */
  'callback:changed': (callback: CallbackView) => void;
  /** to the agent's consoles: a booked callback is due within the reminder lead time (once per booking time) */
  'callback:due': (callback: CallbackView) => void;
};

export type ClientToServerEvents = {
  'service-request:ack': (body: { id: string }, callback: (result: AckResult) => void) => void;
  'service-request:resolve': (body: { id: string }, callback: (result: AckResult) => void) => void;
  'service-request:decline': (body: { id: string }, callback: (result: AckResult) => void) => void;
  'service-request:reply': (body: { id: string; body: string }, callback: (result: AckResult<RequestMessageView>) => void) => void;
  /** the agent has put the customer's words up to `upTo` (the newest one's createdAt) on screen */
  'service-request:read': (body: { id: string; upTo: string }, callback: (result: AckResult<ThreadReadView>) => void) => void;
  /** the agent is at the keyboard (sent at most every few seconds) */
  'presence:active': () => void;
  'agent:set-status': (body: { status: AgentStatus }, callback: (result: { ok: boolean; status?: AgentStatus; error?: { message: string } }) => void) => void;
  /** a customer (or a visitor, before they have told us who they are) waits for anyone to come online */
  'agents:watch': (body: { on: boolean }) => void;
};

/** A browser's socket (socket.io-client): it hears what the server sends and sends what the server handles. */
export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The client's events that the server answers with an `AckResult` (the console's work on a request). */
export type WorkEvent = {
  [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]> extends [unknown, (result: infer R) => void] ? (R extends AckResult<unknown> ? E : never) : never;
}[keyof ClientToServerEvents];
/** What a work event sends. */
export type WorkBody<E extends WorkEvent> = Parameters<ClientToServerEvents[E]>[0];
/** What a work event gives back when it succeeds (the request as it is now, the message written, …). */
export type WorkResult<E extends WorkEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends AckResult<infer T> ? T : never;
/** What the server answers to a work event. */
export type WorkAnswer<E extends WorkEvent> = AckResult<WorkResult<E>>;

/**
 * Who a socket is. A visitor (no session yet, `auth: { visitor: true }`) may only wait for
 * `agents:available`; a demo console (`auth.demo`) is one the demo crowd keeps open.
 */
export type SocketData = { agentId: string | null; customerId: string | null; visitor?: boolean; demo?: boolean; sessionIds: string[] };

export const rooms = {
  agent: (id: string) => `agent:${id}`,
  customer: (id: string) => `customer:${id}`,
  /** the customers whose exclusive agent this is: they hear the agent's presence */
  customersOf: (agentId: string) => `customers-of:${agentId}`,
  /** whoever waits for anyone to come online */
  lobby: 'lobby',
  /** the demo crowd's consoles of this agent (also in `agent:<id>`), left out of alerts while the real person is there */
  demoOf: (agentId: string) => `demo-of:${agentId}`,
};
