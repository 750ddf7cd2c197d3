import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';
import type { Db } from '../db/client.ts';
import { log } from '../log.ts';
import { idSchema } from '../validation/text.ts';
import { readCookie } from '../credentials/session.ts';
import { resolveActor } from '../auth/actor.ts';
import { authorizeWork, requireAgent, type Actor } from '../auth/authorize.ts';
import { findEndedSessions } from '../credentials/sessions.ts';
import { getSessionCache } from '../credentials/session-cache.ts';
import { toErrorResponse, AppError } from '../errors.ts';
import { isAllowedOrigin } from '../http/origin.ts';
import type { SocketData } from './events.ts';

/**
 * The socket side of authentication and authorization: who may connect (Origin, live session), and
 * — for every event a client sends — whether this socket's session is still live and whether the
 * rules in lib/auth/authorize.ts let it act on that request. Handlers run only after this said yes.
 */

export const sessionRoom = (id: string) => `session:${id}`;

/** Socket.IO `allowRequest`: a browser page from another origin may not open a socket with our cookies. */
export const allowSocketRequest = (req: IncomingMessage, callback: (err: string | null | undefined, ok: boolean) => void) => {
  const h = req.headers;
  callback(null, isAllowedOrigin({ origin: h.origin, host: h.host, secFetchSite: h['sec-fetch-site'] as string | undefined }));
};

/** The handshake: identity from a live session (cookie or the agent's `auth.token`); none → refused. */
export const authenticateSocket = async (db: Db, socket: Socket): Promise<SocketData | null> => {
  const header = socket.handshake.headers.cookie;
  const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : null;
  const { actor, agentSession, customerSession } = await resolveActor({ db, cookie: (n) => readCookie(header, n), bearer: token });
  const auth = (socket.handshake.auth ?? {}) as { visitor?: unknown; demo?: unknown };
  if (!actor.agentId && !actor.customerId) {
    // A visitor (no session yet) may only wait for `agents:available`: guardEvents refuses agent events.
    return auth.visitor === true ? { agentId: null, customerId: null, visitor: true, sessionIds: [] } : null;
  }
  return {
    agentId: actor.agentId,
    customerId: actor.customerId,
    visitor: false,
    demo: !!actor.agentId && auth.demo === true,
    sessionIds: [agentSession?.id, customerSession?.id].filter((id): id is string => Boolean(id)),
  };
};

const actorOf = (data: SocketData): Actor => ({ agentId: data.agentId, customerId: data.customerId, visitorId: null, adminId: null });

/** Events that act on one request: the payload's id is checked, then "is it the caller's to work on". */
const WORK_EVENTS = new Set(['service-request:ack', 'service-request:resolve', 'service-request:decline', 'service-request:reply', 'service-request:read']);
const AGENT_EVENTS = new Set([...WORK_EVENTS, 'presence:active', 'agent:set-status']);
/**
 * Work events whose domain step is itself one statement conditional on the calling agent
 * (`WHERE id = … AND agentId = caller`) and answers a miss with the same 404 as authorizeWork: reading
 * the request first to authorize them was a second read of what that statement checks (issue 27).
 */
const OWNED_BY_STATEMENT = new Set(['service-request:ack', 'service-request:resolve']);

/** Per-socket middleware (socket.use): re-checks the session and authorizes each event before its handler. */
export const guardEvents = (db: Db, socket: Socket) => {
  socket.use((packet, next) => {
    const [event, payload] = packet as [string, unknown];
    const last = packet[packet.length - 1];
    const reply = typeof last === 'function' ? (last as (r: unknown) => void) : () => {};
    const refuse = (err: unknown) => {
      const { status, body } = toErrorResponse(err);
      if (status >= 500) log.error({ err, event }, 'socket event check failed');
      reply({ ok: false, error: body.error });
    };
    (async () => {
      const data = socket.data as SocketData;
      // Kept sessions are answered from memory (revoked ones are dropped here at once, elsewhere within 1 s).
      const ended = await findEndedSessions({ db, ids: data.sessionIds, cache: getSessionCache() });
      if (ended.length) {
        refuse(new AppError('unauthenticated', 'Please sign in again.', 'session'));
        socket.disconnect(true);
        return;
      }
      if (!AGENT_EVENTS.has(event)) return next(); // unknown events reach no handler anyway
      const actor = actorOf(data);
      requireAgent(actor);
      if (WORK_EVENTS.has(event)) {
        const id = idSchema.safeParse((payload as { id?: unknown } | null)?.id);
        if (!id.success) throw new AppError('invalid_input', 'id: is not a valid id', 'id');
        if (!OWNED_BY_STATEMENT.has(event)) await authorizeWork({ db, actor, id: id.data });
      }
      next();
    })().catch(refuse);
  });
};

/** Closes sockets whose session ended elsewhere (the CLI, another instance): run every few seconds. */
export const closeEndedSessions = async (db: Db, sockets: Iterable<Socket>): Promise<number> => {
  const list = [...sockets];
  const ended = new Set(await findEndedSessions({ db, ids: [...new Set(list.flatMap((s) => (s.data as SocketData).sessionIds ?? []))] }));
  let closed = 0;
  for (const s of list) {
    if ((s.data as SocketData).sessionIds?.some((id) => ended.has(id))) {
      s.disconnect(true);
      closed++;
    }
  }
  return closed;
};
