import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Db } from '../db/client.ts';
import { COOKIE, readCookie, verifySessionToken } from '../auth/session.ts';
import { log } from '../log.ts';
import { markDelivered } from '../requests/acknowledge-request.ts';
import type { Notifier } from './notifier.ts';
import { registerAgentHandlers } from './agent-handlers.ts';
import { ALERT_INCLUDE, toAlert } from '../requests/request-view.ts';
import { rooms, type ClientToServerEvents, type ServerToClientEvents, type ServiceRequestAlert, type SocketData } from './events.ts';

/** Agents with a tab connected to this instance or, with the Redis adapter, to any instance. */
export const connectedAgentIds = async (io: Server<any, any, any, any>): Promise<Set<string>> => {
  const adapter = io.of('/').adapter as { rooms: Map<string, unknown>; allRooms?: () => Promise<Set<string>> };
  const rooms = adapter.allRooms ? await adapter.allRooms() : adapter.rooms.keys();
  return new Set([...rooms].filter((r) => r.startsWith('agent:')).map((r) => r.slice('agent:'.length)));
};

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** How long an agent's tab has to confirm an alert is on screen before we stop waiting for it. */
export const DELIVERY_ACK_TIMEOUT_MS = 10_000;

/**
 * Socket.IO on the app's HTTP server. Identity comes from the signed session cookie (or an agent's
 * `auth.token`); a socket with neither is refused. Each agent has one room, so every open tab of that
 * agent gets the alert; each customer has one room for updates of their requests.
 */
export const createRealtimeServer = (deps: {
  httpServer: HttpServer;
  db: Db;
}): { io: RealtimeServer; notifier: Notifier; resendUndelivered: (olderThanMs: number) => Promise<number> } => {
  const { db } = deps;
  const io: RealtimeServer = new Server(deps.httpServer, { serveClient: false });

  io.use(async (socket, next) => {
    try {
      const cookie = socket.handshake.headers.cookie;
      const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
      let agentId = verifySessionToken('agent', token) ?? verifySessionToken('agent', readCookie(cookie, COOKIE.agent));
      const customerId = verifySessionToken('customer', readCookie(cookie, COOKIE.customer));
      if (agentId) {
        const agent = await db.agent.findUnique({ where: { id: agentId }, select: { active: true } });
        if (!agent?.active) agentId = null;
      }
      if (!agentId && !customerId) return next(new Error('unauthenticated'));
      socket.data = { agentId, customerId };
      next();
    } catch (err) {
      log.error({ err }, 'socket auth failed');
      next(new Error('unavailable'));
    }
  });

  const confirmDelivered = (agentId: string, id: string) =>
    markDelivered({ db, notify: notifier, agentId, id }).catch((err) => log.error({ err, id }, 'markDelivered failed'));

  /** To every tab of the agent; any one tab confirming is enough, the rest may be slow or closing. */
  const alertRoom = (agentId: string, alert: ServiceRequestAlert) => {
    io.to(rooms.agent(agentId))
      .timeout(DELIVERY_ACK_TIMEOUT_MS)
      .emit('service-request:new', alert, (_err: Error | null, responses: boolean[]) => {
        if (responses?.some(Boolean)) confirmDelivered(agentId, alert.id);
        else log.info({ id: alert.id, agentId }, 'alert not confirmed by any tab; stays pending, re-sent on reconnect');
      });
  };

  const notifier: Notifier = {
    alertAgent: alertRoom,
    updateRequest: ({ agentId, customerId }, update) => {
      io.to(rooms.customer(customerId)).to(rooms.agent(agentId)).emit('service-request:update', update);
    },
    withdrawFromAgent: (agentId, id) => {
      io.to(rooms.agent(agentId)).emit('service-request:withdrawn', { id });
    },
    messageAdded: ({ agentId, customerId }, message) => {
      io.to(rooms.customer(customerId)).to(rooms.agent(agentId)).emit('service-request:message', message);
    },
    agentStatusChanged: (agentId, status) => {
      io.to(rooms.agent(agentId)).emit('agent:status', { status });
    },
  };

  io.on('connection', (socket) => {
    const { agentId, customerId } = socket.data;
    if (customerId) socket.join(rooms.customer(customerId));
    if (agentId) registerAgentHandlers({ io, socket, db, notifier, agentId, confirmDelivered });
  });

  /**
   * Alerts not yet confirmed by any tab are sent again to agents who have a tab connected (to any
   * instance: the Redis adapter lists every instance's rooms): covers an alert lost in flight and
   * changes made by another process (the CLI). Tabs show each id once, so a repeat is harmless.
   */
  const resendUndelivered = async (olderThanMs: number): Promise<number> => {
    const connected = [...(await connectedAgentIds(io))];
    if (!connected.length) return 0;
    const rows = await db.serviceRequest.findMany({
      where: { agentId: { in: connected }, status: 'pending', updatedAt: { lte: new Date(Date.now() - olderThanMs) } },
      include: ALERT_INCLUDE,
      orderBy: { createdAt: 'asc' },
      take: 100,
    });
    rows.forEach((r) => alertRoom(r.agentId, toAlert(r)));
    return rows.length;
  };

  return { io, notifier, resendUndelivered };
};
