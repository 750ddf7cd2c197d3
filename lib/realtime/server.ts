import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Db } from '../db/client.ts';
import { COOKIE, readCookie, verifySessionToken } from '../auth/session.ts';
import { log } from '../log.ts';
import { toErrorResponse } from '../errors.ts';
import { acknowledgeRequest, markDelivered } from '../requests/acknowledge-request.ts';
import { listUndelivered } from '../requests/list-requests.ts';
import type { Notifier } from './notifier.ts';
import {
  rooms,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type ServiceRequestAlert,
  type SocketData,
} from './events.ts';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** How long an agent's tab has to confirm an alert is on screen before we stop waiting. */
const DELIVERY_ACK_TIMEOUT_MS = 10_000;

/**
 * Socket.IO on the app's HTTP server. Identity comes from the signed session cookie (or an agent's
 * `auth.token`); a socket with neither is refused. Each agent has one room, so every open tab of that
 * agent gets the alert; each customer has one room for status updates of their requests.
 */
export const createRealtimeServer = (deps: { httpServer: HttpServer; db: Db }): { io: RealtimeServer; notifier: Notifier } => {
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
  };

  io.on('connection', (socket) => {
    const { agentId, customerId } = socket.data;
    if (customerId) socket.join(rooms.customer(customerId));
    if (agentId) {
      socket.join(rooms.agent(agentId));
      // Alerts that arrived while this agent had no tab open come from the database, not memory.
      listUndelivered({ db, agentId })
        .then((alerts) =>
          alerts.forEach((alert) =>
            socket.timeout(DELIVERY_ACK_TIMEOUT_MS).emit('service-request:new', alert, (err: Error | null, seen: boolean) => {
              if (!err && seen) confirmDelivered(agentId, alert.id);
            }),
          ),
        )
        .catch((err) => log.error({ err, agentId }, 'could not load undelivered alerts'));
    }

    socket.on('service-request:ack', async (body, callback) => {
      const reply = typeof callback === 'function' ? callback : () => {};
      if (!agentId) return reply({ ok: false, error: { code: 'forbidden', message: 'Only agents acknowledge requests.' } });
      try {
        const request = await acknowledgeRequest({ db, notify: notifier, agentId, input: body });
        reply({ ok: true, request: { id: request.id, status: request.status } });
      } catch (err) {
        const { status, body: errBody } = toErrorResponse(err);
        if (status >= 500) log.error({ err }, 'ack failed');
        reply({ ok: false, error: errBody.error });
      }
    });
  });

  return { io, notifier };
};
