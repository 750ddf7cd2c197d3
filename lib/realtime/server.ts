import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Db } from '../db/client.ts';
import { allowSocketRequest, authenticateSocket, closeEndedSessions, guardEvents, sessionRoom } from './socket-auth.ts';
import { log } from '../log.ts';
import { countRedelivered, observeAlertConfirmed } from '../ops/metrics.ts';
import { markDelivered } from '../requests/acknowledge-request.ts';
import type { Listener, Notifier } from '../events/types.ts';
import { createDispatcher } from '../events/dispatcher.ts';
import { loadPresence } from '../agents/presence.ts';
import { isDemoAllowed } from '../agents/demo-consoles.ts';
import { registerAgentHandlers } from './agent-handlers.ts';
import { reconcileConsoles } from '../staff/follow-presence.ts';
import { ALERT_INCLUDE, toAlert } from '../requests/request-view.ts';
import { rooms, type ClientToServerEvents, type ServerToClientEvents, type ServiceRequestAlert, type SocketData } from './events.ts';

// The server's type and the alert's ack timeout live in io.ts, which the handlers import too
// (no import cycle between this factory and the handlers it registers).
import { DELIVERY_ACK_TIMEOUT_MS, type RealtimeServer } from './io.ts';
import { findActiveBinding } from '../binding/get-active-binding.ts';

export { DELIVERY_ACK_TIMEOUT_MS, type RealtimeServer };

/**
 * Socket.IO on the app's HTTP server. Identity comes from the signed session cookie (or an agent's
 * `auth.token`); a socket with neither is refused, unless it says it is a visitor, who may only
 * wait for an agent to come online. Each agent has one room (every open tab gets the alert), each
 * customer one room (updates of their requests), and each agent a room of their customers (presence).
 */
export const createRealtimeServer = (deps: {
  httpServer: HttpServer;
  db: Db;
  /** how often sockets' sessions are re-checked against the database */
  sessionRecheckMs?: number;
  instanceId: string;
  maxHops: number;
  /** the presence grace period: the demo crowd keeps out of an account this long after its real person's console left */
  presenceGraceMs?: number;
  /** who else hears the domain events, after the sockets (e.g. e-mail and Web Push for people who are not connected) */
  listeners?: (facts: { isCustomerLive: (customerId: string) => Promise<boolean> }) => Listener[];
}): {
  io: RealtimeServer;
  notifier: Notifier;
  resendUndelivered: (olderThanMs: number) => Promise<number>;
  reconcileConsoles: () => Promise<{ registered: number; ended: number }>;
} => {
  const { db } = deps;
  const graceMs = deps.presenceGraceMs ?? 30_000;
  // ---- handshake and event authorization (issue 13; rules in lib/auth, socket side in socket-auth.ts) ----
  const io: RealtimeServer = new Server(deps.httpServer, { serveClient: false, allowRequest: allowSocketRequest });

  io.use(async (socket, next) => {
    try {
      const data = await authenticateSocket(db, socket);
      if (!data) return next(new Error('unauthenticated'));
      // The demo crowd stands in for a person only while that person is not there (lib/agents/demo-consoles.ts).
      if (data.demo && data.agentId && !(await isDemoAllowed({ db, agentId: data.agentId, graceMs }))) return next(new Error('demo_yield'));
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

  // The first confirmation of a request (markDelivered true) is its request → alert latency; repeats are not.
  const confirmDelivered = (agentId: string, alert: ServiceRequestAlert) =>
    markDelivered({ db, notify: notifier, agentId, id: alert.id, customerId: alert.customer.id })
      .then((first) => first && observeAlertConfirmed(alert.createdAt))
      .catch((err) => log.error({ err, id: alert.id }, 'markDelivered failed'));

  /**
   * Whether the demo crowd's consoles of this agent must be left out of an alert: a console of the real
   * person is connected, or left less than the grace period ago. Asked only when a demo console of that
   * agent is connected to this instance (the crowd connects to the instance that started it).
   */
  const leaveOutDemo = async (agentId: string): Promise<boolean> => {
    const demo = io.sockets.adapter.rooms.get(rooms.demoOf(agentId))?.size ?? 0;
    if (!demo) return false;
    if ((io.sockets.adapter.rooms.get(rooms.agent(agentId))?.size ?? 0) > demo) return true; // a person's tab, here
    return !(await isDemoAllowed({ db, agentId, graceMs }));
  };

  /** To every tab of the agent; any one tab confirming is enough, the rest may be slow or closing. */
  const alertRoom = (agentId: string, alert: ServiceRequestAlert) => {
    if (io.sockets.adapter.rooms.has(rooms.demoOf(agentId))) {
      leaveOutDemo(agentId)
        .catch((err) => (log.error({ err, agentId }, 'demo console check failed'), true))
        .then((without) => emitAlert(agentId, alert, without));
      return;
    }
    emitAlert(agentId, alert, false);
  };
  const emitAlert = (agentId: string, alert: ServiceRequestAlert, withoutDemo: boolean) => {
    const target = withoutDemo ? io.to(rooms.agent(agentId)).except(rooms.demoOf(agentId)) : io.to(rooms.agent(agentId));
    target
      .timeout(DELIVERY_ACK_TIMEOUT_MS)
      .emit('service-request:new', alert, (_err: Error | null, responses: boolean[]) => {
        if (responses?.some(Boolean)) confirmDelivered(agentId, alert);
        else log.info({ id: alert.id, agentId }, 'alert not confirmed by any tab; stays pending, re-sent on reconnect');
      });
  };

  /** A customer's live connections follow their exclusive agent's presence (and only theirs). */
  const followAgent = async (customerId: string, agentId: string | null) => {
    const sockets = await io.in(rooms.customer(customerId)).fetchSockets();
    for (const s of sockets) {
      for (const room of s.rooms) if (room.startsWith('customers-of:')) s.leave(room);
      if (agentId) s.join(rooms.customersOf(agentId));
    }
    if (!agentId) return;
    const p = await loadPresence(db, agentId);
    if (p) io.to(rooms.customer(customerId)).emit('agent:presence', { agentId, status: p.status, available: p.available, reason: p.reason });
  };

  const socketListener: Notifier = {
    alertAgent: alertRoom,
    // Held requests alert no console: nobody is there (outside reach, e.g. Web Push, may tell the agent).
    requestHeld: () => {},
    updateRequest: ({ agentId, customerId }, update) => {
      io.to(rooms.customer(customerId)).to(rooms.agent(agentId)).emit('service-request:update', update);
    },
    withdrawFromAgent: (agentId, id) => {
      io.to(rooms.agent(agentId)).emit('service-request:withdrawn', { id });
    },
    messageAdded: ({ agentId, customerId }, message) => {
      io.to(rooms.customer(customerId)).to(rooms.agent(agentId)).emit('service-request:message', message);
    },
    threadRead: ({ agentId, customerId }, read) => {
      io.to(rooms.customer(customerId)).to(rooms.agent(agentId)).emit('service-request:read', read);
    },
    customerRead: ({ agentId }, read) => {
      io.to(rooms.agent(agentId)).emit('service-request:customer-read', read);
    },
    agentPresence: (p) => {
      io.to(rooms.agent(p.agentId)).emit('agent:status', { status: p.status, available: p.available, reason: p.reason });
      io.to(rooms.customersOf(p.agentId)).emit('agent:presence', p);
    },
    someoneAvailable: () => {
      io.to(rooms.lobby).emit('agents:available');
    },
    bindingChanged: (customerId, agentId) => {
      followAgent(customerId, agentId).catch((err) => log.error({ err, customerId }, 'could not follow the new agent'));
    },
    handoverChanged: (customerId, handover) => {
      io.to(rooms.customer(customerId)).emit('handover:changed', handover);
    },
    endSessions: ({ agentId, sessionIds }) => {
      if (agentId) io.in(rooms.agent(agentId)).disconnectSockets(true);
      for (const id of sessionIds ?? []) io.in(sessionRoom(id)).disconnectSockets(true);
    },
    ratingAdded: (agentId, rating) => {
      io.to(rooms.agent(agentId)).emit('rating:new', rating);
    },
    giftReceived: (agentId, gift) => {
      io.to(rooms.agent(agentId)).emit('gift:new', gift);
    },
    callbackChanged: ({ agentId, customerId }, callback) => {
      io.to(rooms.customer(customerId)).to(rooms.agent(agentId)).emit('callback:changed', callback);
    },
    callbackDue: (agentId, callback) => {
      io.to(rooms.agent(agentId)).emit('callback:due', callback);
    },
  };
  /** Any tab of the customer, on any instance (fetchSockets asks every instance through the adapter). */
  const isCustomerLive = async (customerId: string) => (await io.in(rooms.customer(customerId)).fetchSockets()).length > 0;
  // The sockets hear every event first, then the other listeners in the order given.
  const notifier: Notifier = createDispatcher([socketListener, ...(deps.listeners?.({ isCustomerLive }) ?? [])]);

  /** Agent tabs whose connect handling has run: the reconciliation below leaves the others to it. */
  const settled = new WeakSet<object>();

  io.on('connection', (socket) => {
    const { agentId, customerId, sessionIds } = socket.data;
    guardEvents(db, socket);
    for (const id of sessionIds) socket.join(sessionRoom(id));
    socket.on('agents:watch', (body) => {
      if (body?.on === true) socket.join(rooms.lobby);
      else socket.leave(rooms.lobby);
    });
    if (customerId) {
      socket.join(rooms.customer(customerId));
      findActiveBinding(db, customerId, { select: { agentId: true } })
        .then(async (b) => {
          if (!b) return;
          socket.join(rooms.customersOf(b.agentId));
          // Whatever changed while this page was not listening: the pill is right from the start.
          const p = await loadPresence(db, b.agentId);
          if (p) socket.emit('agent:presence', { agentId: b.agentId, status: p.status, available: p.available, reason: p.reason });
        })
        .catch((err) => log.error({ err, customerId }, 'customer presence setup failed'));
    }
    if (agentId) {
      const { connected } = registerAgentHandlers({ io, socket, db, notifier, agentId, instanceId: deps.instanceId, maxHops: deps.maxHops, confirmDelivered });
      void connected.finally(() => settled.add(socket));
    }
  });

  /**
   * Alerts not yet confirmed by any tab are sent again to agents who have a tab connected (to any
   * instance: the Redis adapter lists every instance's rooms): covers an alert lost in flight and
   * changes made by another process (the CLI). Tabs show each id once, so a repeat is harmless.
   */
  const resendUndelivered = async (olderThanMs: number): Promise<number> => {
    // Connections of every instance are rows (presence), so the sweeper's leader re-sends for all of them.
    const connected = (await db.agentConnection.findMany({ distinct: ['agentId'], select: { agentId: true } })).map((c) => c.agentId);
    if (!connected.length) return 0;
    const rows = await db.serviceRequest.findMany({
      where: { agentId: { in: connected }, status: 'pending', offeredAt: { not: null }, updatedAt: { lte: new Date(Date.now() - olderThanMs) } },
      include: ALERT_INCLUDE,
      orderBy: { createdAt: 'asc' },
      take: 100,
    });
    rows.forEach((r) => alertRoom(r.agentId, toAlert(r)));
    countRedelivered('sweep', rows.length);
    return rows.length;
  };

  /**
   * This instance's agent consoles against their connection rows (lib/staff/follow-presence.ts): run
   * on every heartbeat, so a row the database lost or never got (an outage) is back within one.
   */
  const reconcile = () =>
    reconcileConsoles({
      db,
      notify: notifier,
      maxHops: deps.maxHops,
      instanceId: deps.instanceId,
      // Consoles whose own connect handling has finished (written their row, or failed to while the database was away).
      live: () =>
        [...io.of('/').sockets.values()].flatMap((s) =>
          s.data?.agentId && settled.has(s) ? [{ connectionId: s.id, agentId: s.data.agentId, demo: s.data.demo === true }] : [],
        ),
    });

  return { io, notifier, resendUndelivered, reconcileConsoles: reconcile };
};
