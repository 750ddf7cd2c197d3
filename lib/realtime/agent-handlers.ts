import type { Socket } from 'socket.io';
import type { Db } from '../db/client.ts';
import { log } from '../log.ts';
import { countRedelivered } from '../ops/metrics.ts';
import { toErrorResponse } from '../errors.ts';
import { acknowledgeRequest } from '../requests/acknowledge-request.ts';
import { declineRequest } from '../requests/reassign-request.ts';
import { replyToRequest, resolveRequest } from '../requests/work-request.ts';
import { markThreadRead } from '../requests/read-thread.ts';
import { listUndelivered } from '../requests/list-requests.ts';
import { loadPresence } from '../agents/presence.ts';
import { agentActive, changeAgentStatus, consoleConnected, consoleDisconnected } from '../staff/follow-presence.ts';
import type { Notifier } from '../events/types.ts';
import { rooms, type AckResult, type ClientToServerEvents, type ServerToClientEvents, type ServiceRequestAlert, type SocketData } from './events.ts';
import { DELIVERY_ACK_TIMEOUT_MS, type RealtimeServer } from './io.ts';

type AgentSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Runs a domain call for a socket event and answers its callback with `{ ok, … }`, never throwing. */
const answer = async <T>(callback: unknown, work: () => Promise<T>, wrap: (v: T) => AckResult<any>) => {
  const reply = typeof callback === 'function' ? (callback as (r: unknown) => void) : () => {};
  try {
    reply(wrap(await work()));
  } catch (err) {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) log.error({ err }, 'socket event failed');
    reply({ ok: false, error: body.error });
  }
};

/** One agent tab: presence, delivery of what arrived while away, and the work events. */
export const registerAgentHandlers = (deps: {
  io: RealtimeServer;
  socket: AgentSocket;
  db: Db;
  notifier: Notifier;
  agentId: string;
  instanceId: string;
  maxHops: number;
  confirmDelivered: (agentId: string, alert: ServiceRequestAlert) => void;
}) => {
  const { io, socket, db, notifier, agentId, maxHops } = deps;
  const ctx = { db, notify: notifier, agentId, maxHops };
  socket.join(rooms.agent(agentId));

  const demo = socket.data.demo === true;
  if (demo) socket.join(rooms.demoOf(agentId));
  // The real person signed in to this account: the demo crowd's console for it goes quiet.
  if (!demo) {
    io.in(rooms.agent(agentId))
      .fetchSockets()
      .then((all) => all.filter((s) => s.data.demo).forEach((s) => s.emit('demo:yield')))
      .catch((err) => log.error({ err, agentId }, 'demo hand-over failed'));
  }

  const connected = (async () => {
    // Alerts offered while this agent had no tab open come from the database, not memory: at once.
    const undelivered = await listUndelivered({ db, agentId });
    countRedelivered('reconnect', undelivered.length);
    for (const alert of undelivered) {
      socket.timeout(DELIVERY_ACK_TIMEOUT_MS).emit('service-request:new', alert, (err: Error | null, seen: boolean) => {
        if (!err && seen) deps.confirmDelivered(agentId, alert);
      });
    }
    // A live connection: held requests are offered (and their timers start) if this makes them available.
    await consoleConnected({ ...ctx, connectionId: socket.id, instanceId: deps.instanceId, demo });
    // Tells this console where it stands; also the sign that the server has handled the connection.
    const p = await loadPresence(db, agentId);
    if (p) socket.emit('agent:status', { status: p.status, available: p.available, reason: p.reason });
  })().catch((err) => log.error({ err, agentId }, 'agent connect handling failed'));

  socket.on('disconnect', async () => {
    try {
      await connected;
      // Several tabs are one presence: the grace period starts when the last one has gone (any instance).
      await consoleDisconnected({ ...ctx, connectionId: socket.id, demo });
    } catch (err) {
      log.error({ err, agentId }, 'disconnect handling failed');
    }
  });

  socket.on('presence:active', () => {
    agentActive(ctx).catch((err) => log.error({ err, agentId }, 'activity not recorded'));
  });

  socket.on('agent:set-status', (body, callback) =>
    answer(
      callback,
      () => changeAgentStatus({ ...ctx, status: body?.status }),
      (change) => ({ ok: true, status: change.status }) as never,
    ),
  );

  socket.on('service-request:ack', (body, callback) =>
    answer(callback, () => acknowledgeRequest({ db, notify: notifier, agentId, input: body }), (r) => ({ ok: true, request: { id: r.id, status: r.status } })),
  );
  socket.on('service-request:resolve', (body, callback) =>
    answer(callback, () => resolveRequest({ db, notify: notifier, agentId, input: body }), (r) => ({ ok: true, request: { id: r.id, status: r.status } })),
  );
  socket.on('service-request:decline', (body, callback) =>
    answer(callback, () => declineRequest({ db, notify: notifier, agentId, input: body, maxHops }), (r) => ({ ok: true, request: { id: r.id, status: r.status, agentId: r.agentId } })),
  );
  socket.on('service-request:read', (body, callback) =>
    answer(callback, () => markThreadRead({ db, notify: notifier, agentId, input: body }), (read) => ({ ok: true, request: read })),
  );
  socket.on('service-request:reply', (body, callback) =>
    answer(callback, () => replyToRequest({ db, notify: notifier, agentId, input: body }), (m) => ({ ok: true, request: m })),
  );

  /** resolves once this tab's connect handling has finished, whether it could write its row or not */
  return { connected };
};
