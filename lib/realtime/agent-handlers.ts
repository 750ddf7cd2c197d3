import type { Socket } from 'socket.io';
import type { Db } from '../db/client.ts';
import { log } from '../log.ts';
import { toErrorResponse } from '../errors.ts';
import { acknowledgeRequest } from '../requests/acknowledge-request.ts';
import { declineRequest } from '../requests/reassign-request.ts';
import { replyToRequest, resolveRequest } from '../requests/work-request.ts';
import { listUndelivered } from '../requests/list-requests.ts';
import { markAgentActive, markAgentConnected, markAgentDisconnected, setAgentStatus } from '../agents/presence.ts';
import type { Notifier } from './notifier.ts';
import { rooms, type AckResult, type ClientToServerEvents, type ServerToClientEvents, type SocketData } from './events.ts';
import type { RealtimeServer } from './server.ts';
import { DELIVERY_ACK_TIMEOUT_MS } from './server.ts';

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
  confirmDelivered: (agentId: string, id: string) => void;
}) => {
  const { io, socket, db, notifier, agentId } = deps;
  socket.join(rooms.agent(agentId));

  (async () => {
    const change = await markAgentConnected({ db, agentId });
    if (change) notifier.agentStatusChanged(agentId, change.status);
    // Requests held while the agent was away/offline are now offered: their accept timeout starts.
    const agent = await db.agent.findUnique({ where: { id: agentId }, select: { status: true } });
    if (agent?.status === 'online') {
      await db.serviceRequest.updateMany({ where: { agentId, status: 'pending', offeredAt: null }, data: { offeredAt: new Date() } });
    }
    // Alerts that arrived while this agent had no tab open come from the database, not memory.
    for (const alert of await listUndelivered({ db, agentId })) {
      socket.timeout(DELIVERY_ACK_TIMEOUT_MS).emit('service-request:new', alert, (err: Error | null, seen: boolean) => {
        if (!err && seen) deps.confirmDelivered(agentId, alert.id);
      });
    }
  })().catch((err) => log.error({ err, agentId }, 'agent connect handling failed'));

  socket.on('disconnect', async () => {
    try {
      // Several tabs are one presence: only the last one leaving counts.
      const left = await io.in(rooms.agent(agentId)).fetchSockets();
      if (left.length === 0) await markAgentDisconnected({ db, agentId });
    } catch (err) {
      log.error({ err, agentId }, 'disconnect handling failed');
    }
  });

  socket.on('presence:active', () => {
    markAgentActive({ db, agentId })
      .then((change) => change && notifier.agentStatusChanged(agentId, change.status))
      .catch((err) => log.error({ err, agentId }, 'activity not recorded'));
  });

  socket.on('agent:set-status', (body, callback) =>
    answer(
      callback,
      () => setAgentStatus({ db, agentId, status: body?.status }),
      (status) => {
        notifier.agentStatusChanged(agentId, status);
        return { ok: true, status } as never;
      },
    ),
  );

  socket.on('service-request:ack', (body, callback) =>
    answer(callback, () => acknowledgeRequest({ db, notify: notifier, agentId, input: body }), (r) => ({ ok: true, request: { id: r.id, status: r.status } })),
  );
  socket.on('service-request:resolve', (body, callback) =>
    answer(callback, () => resolveRequest({ db, notify: notifier, agentId, input: body }), (r) => ({ ok: true, request: { id: r.id, status: r.status } })),
  );
  socket.on('service-request:decline', (body, callback) =>
    answer(callback, () => declineRequest({ db, notify: notifier, agentId, input: body }), (r) => ({ ok: true, request: { id: r.id, status: r.status, agentId: r.agentId } })),
  );
  socket.on('service-request:reply', (body, callback) =>
    answer(callback, () => replyToRequest({ db, notify: notifier, agentId, input: body }), (m) => ({ ok: true, request: m })),
  );
};
