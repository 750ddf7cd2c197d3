import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Db } from '../db/client.ts';
import { allowSocketRequest, authenticateSocket, closeEndedSessions, guardEvents, sessionRoom } from './socket-auth.ts';
import { log } from '../log.ts';
import { markDelivered } from '../requests/acknowledge-request.ts';
import type { Notifier } from './notifier.ts';
import { registerAgentHandlers } from './agent-handlers.ts';
import { ALERT_INCLUDE, toAlert } from '../requests/request-view.ts';
import { rooms, type ClientToServerEvents, type ServerToClientEvents, type ServiceRequestAlert, type SocketData } from './events.ts';

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
  /** how often sockets' sessions are re-checked against the database */
  sessionRecheckMs?: number;
}): { io: RealtimeServer; notifier: Notifier; resendUndelivered: (olderThanMs: number) => Promise<number> } => {
  const { db } = deps;
  // ---- handshake and event authorization (issue 13; rules in lib/auth, socket side in socket-auth.ts) ----
  const io: RealtimeServer = new Server(deps.httpServer, { serveClient: false, allowRequest: allowSocketRequest });

  io.use(async (socket, next) => {
    try {
      const data = await authenticateSocket(db, socket);
      if (!data) return next(new Error('unauthenticated'));
      socket.data = data;
      next();
    } catch (err) {
      log.error({ err }, 'socket auth failed');
      next(new Error('unavailable'));
    }
  });

  // Sessions revoked by another process (the CLI, another instance) close here within this period.
  const recheck = setInterval(() => {
    closeEndedSessions(db, io.of('/').sockets.values()).catch((err) => log.error({ err }, 'session re-check failed'));
  }, deps.sessionRecheckMs ?? 5_000);
  recheck.unref();
  deps.httpServer.once('close', () => clearInterval(recheck));
  // ---- end of handshake and event authorization ----

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
    endSessions: ({ agentId, sessionIds }) => {
      if (agentId) io.in(rooms.agent(agentId)).disconnectSockets(true);
      for (const id of sessionIds ?? []) io.in(sessionRoom(id)).disconnectSockets(true);
    },
  };

  io.on('connection', (socket) => {
    const { agentId, customerId, sessionIds } = socket.data;
    guardEvents(db, socket);
    for (const id of sessionIds) socket.join(sessionRoom(id));
    if (customerId) socket.join(rooms.customer(customerId));
    if (agentId) registerAgentHandlers({ io, socket, db, notifier, agentId, confirmDelivered });
  });

  /**
   * Alerts not yet confirmed by any tab are sent again to agents who have a tab connected here:
   * covers an alert lost in flight and changes made by another process (the CLI, another instance).
   * Tabs show each id once, so a repeat is harmless.
   */
  const resendUndelivered = async (olderThanMs: number): Promise<number> => {
    const connected = [...io.of('/').adapter.rooms.keys()].filter((r) => r.startsWith('agent:')).map((r) => r.slice('agent:'.length));
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
