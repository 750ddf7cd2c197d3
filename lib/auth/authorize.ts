import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { findActiveBinding } from '../binding/get-active-binding.ts';
import { OPEN_STATUSES } from '../requests/request-view.ts';

/**
 * Who may do what — the one place. Every route and socket event asks here before it acts; the
 * domain functions keep their own "is it yours" filters as a second line, but the rules live here.
 *
 *   anonymous  public agent cards (a search), and only the searches this browser started
 *   customer   their own profile, settings, binding, searches, requests (and their threads and
 *              ratings), gifts to their own agent, callbacks and push subscriptions
 *   agent      their own console: requests they handle, contact info of their exclusive customers;
 *              an agent covering a request sees that customer and the covered requests only; their
 *              own settings, feedback, callbacks booked with them and push subscriptions
 *   admin      everything (read) and /admin (overview, running jobs); signs in at /api/admin/login
 *   files      a file a customer sent (issue 30): that customer, and the agents handling its request
 *              (the agent who has it, the customer's exclusive agent) — nobody else, an admin neither
 *
 * Not yours answers like missing (404), so ids cannot be probed; no identity at all answers 401.
 */

export type Actor = {
  /** from a live customer session */
  customerId: string | null;
  /** sha256 of the anonymous visitor cookie: this browser's searches before it gave contact info */
  visitorId: string | null;
  /** from a live agent session (cookie or bearer token) */
  agentId: string | null;
  /** from a live admin session (/admin) */
  adminId: string | null;
};

export const ANONYMOUS: Actor = { customerId: null, visitorId: null, agentId: null, adminId: null };

const customerRequired = () => new AppError('customer_required', 'Please tell us how to reach you first.', 'customer');
const signInRequired = () => new AppError('unauthenticated', 'Please sign in again.', 'session');
const notFound = (message: string, field: string) => new AppError('not_found', message, field);

// ---- pure rules (tested by table in authorize.test.ts) -------------------------------------------

export type Decision = { ok: true } | { ok: false; error: AppError };
const allow: Decision = { ok: true };
const deny = (error: AppError): Decision => ({ ok: false, error });

export const rules = {
  /** a customer-only call: the customer's own profile, binding, requests */
  beCustomer: (a: Actor): Decision => (a.customerId ? allow : deny(customerRequired())),

  /** an agent-only call: the agent's own console */
  beAgent: (a: Actor): Decision => (a.agentId ? allow : deny(signInRequired())),

  /** /admin: only an admin's own session counts; an agent's or a customer's never does */
  beAdmin: (a: Actor): Decision => (a.adminId ? allow : deny(signInRequired())),

  /**
   * A search: the customer who owns it, or — before it has an owner — the browser that started it.
   * An admin may look at one (`read`), never skip or choose in a customer's place.
   */
  useMatch: (a: Actor, m: { customerId: string | null; visitorId: string | null }, opts: { read?: boolean } = {}): Decision => {
    if (a.adminId && opts.read) return allow;
    if (!a.customerId && !a.visitorId) return deny(customerRequired());
    const mine = m.customerId ? m.customerId === a.customerId : m.visitorId !== null && m.visitorId === a.visitorId;
    return mine ? allow : deny(notFound('This search has expired. Please find an agent again.', 'matchId'));
  },

  /** choosing binds the customer: it needs the customer session as well as the search */
  chooseFromMatch: (a: Actor, m: { customerId: string | null; visitorId: string | null }): Decision =>
    a.customerId ? rules.useMatch(a, m) : deny(new AppError('customer_required', 'Please tell us how to reach you before choosing an agent.', 'customer')),

  /** a service request, from the customer's side */
  useOwnRequest: (a: Actor, r: { customerId: string }): Decision => {
    if (a.adminId) return allow;
    if (!a.customerId) return deny(customerRequired());
    return r.customerId === a.customerId ? allow : deny(notFound('No such request.', 'id'));
  },

  /** ack, reply, resolve, decline: only the agent handling it now */
  workRequest: (a: Actor, r: { agentId: string }): Decision => {
    if (!a.agentId) return deny(signInRequired());
    return r.agentId === a.agentId ? allow : deny(notFound('No such request among yours.', 'id'));
  },

  /** a booked callback, from the customer's side (list, move, cancel) */
  useOwnCallback: (a: Actor, c: { customerId: string }): Decision => {
    if (!a.customerId) return deny(customerRequired());
    return c.customerId === a.customerId ? allow : deny(notFound('No such call among yours.', 'id'));
  },

  /** a booked callback, from the agent's side (move, record the outcome): only the agent it is booked with */
  workCallback: (a: Actor, c: { agentId: string }): Decision => {
    if (!a.agentId) return deny(signInRequired());
    return c.agentId === a.agentId ? allow : deny(notFound('No such call among yours.', 'id'));
  },

  /** a file a customer sent: that customer; the agents handling the request it is attached to */
  readUpload: (a: Actor, u: { customerId: string; handlers: readonly string[] }): Decision => {
    if (a.customerId && a.customerId === u.customerId) return allow;
    if (a.agentId && u.handlers.includes(a.agentId)) return allow;
    if (!a.customerId && !a.agentId) return deny(signInRequired());
    return deny(notFound('No such file.', 'id'));
  },

  /**
   * A customer's contact info and history: their exclusive agent sees all of it; an agent covering
   * one of their open requests sees the customer and the requests they cover, nothing older.
   */
  readCustomer: (a: Actor, rel: { boundAgentId: string | null; coveringAgentIds: string[] }): Decision & { scope?: 'all' | 'covered' } => {
    if (a.adminId) return { ok: true, scope: 'all' };
    if (!a.agentId) return deny(signInRequired());
    if (rel.boundAgentId === a.agentId) return { ok: true, scope: 'all' };
    if (rel.coveringAgentIds.includes(a.agentId)) return { ok: true, scope: 'covered' };
    return deny(notFound('This customer is not yours.', 'customerId'));
  },
};

const enforce = <D extends Decision>(d: D): Extract<D, { ok: true }> => {
  if (!d.ok) throw d.error;
  return d as Extract<D, { ok: true }>;
};

// ---- checks that load what they decide about ----------------------------------------------------

export const requireCustomer = (a: Actor): string => (enforce(rules.beCustomer(a)), a.customerId!);
export const requireAgent = (a: Actor): string => (enforce(rules.beAgent(a)), a.agentId!);
export const requireAdmin = (a: Actor): string => (enforce(rules.beAdmin(a)), a.adminId!);

/** `act`: `read` (look at the candidate), `skip`, or `choose` (binds the customer). */
export const authorizeMatch = async (opts: { db: Db; actor: Actor; matchId: string; act: 'read' | 'skip' | 'choose' }) => {
  const { actor, act } = opts;
  if (!actor.customerId && !actor.visitorId && !(actor.adminId && act === 'read')) throw customerRequired();
  const m = await opts.db.matchSession.findUnique({ where: { id: opts.matchId }, select: { customerId: true, visitorId: true } });
  if (!m) throw notFound('This search has expired. Please find an agent again.', 'matchId');
  enforce(act === 'choose' ? rules.chooseFromMatch(actor, m) : rules.useMatch(actor, m, { read: act === 'read' }));
};

export const authorizeOwnRequest = async (opts: { db: Db; actor: Actor; id: string }) => {
  if (!opts.actor.customerId && !opts.actor.adminId) throw customerRequired();
  const r = await opts.db.serviceRequest.findUnique({ where: { id: opts.id }, select: { customerId: true } });
  if (!r) throw notFound('No such request.', 'id');
  enforce(rules.useOwnRequest(opts.actor, r));
};

export const authorizeWork = async (opts: { db: Db; actor: Actor; id: string }) => {
  if (!opts.actor.agentId) throw signInRequired();
  const r = await opts.db.serviceRequest.findUnique({ where: { id: opts.id }, select: { agentId: true } });
  if (!r) throw notFound('No such request among yours.', 'id');
  enforce(rules.workRequest(opts.actor, r));
};

/** Returns how much of the customer the agent may see: 'all' (their exclusive agent, admin) or 'covered'. */
export const authorizeCustomerRead = async (opts: { db: Db; actor: Actor; customerId: string }): Promise<'all' | 'covered'> => {
  if (!opts.actor.agentId && !opts.actor.adminId) throw signInRequired();
  const [binding, covering] = await Promise.all([
    findActiveBinding(opts.db, opts.customerId, { select: { agentId: true } }),
    opts.db.serviceRequest.findMany({
      where: { customerId: opts.customerId, status: { in: [...OPEN_STATUSES] } },
      select: { agentId: true },
      take: 100,
    }),
  ]);
  return enforce(rules.readCustomer(opts.actor, { boundAgentId: binding?.agentId ?? null, coveringAgentIds: covering.map((r) => r.agentId) })).scope!;
};

/** A callback, for its customer (`side: 'customer'`) or for the agent it is booked with (`side: 'agent'`). */
export const authorizeCallback = async (opts: { db: Db; actor: Actor; id: string; side: 'customer' | 'agent' }) => {
  const { actor, side } = opts;
  if (side === 'customer' && !actor.customerId) throw customerRequired();
  if (side === 'agent' && !actor.agentId) throw signInRequired();
  const c = await opts.db.callback.findUnique({ where: { id: opts.id }, select: { customerId: true, agentId: true } });
  if (!c) throw notFound('No such call among yours.', 'id');
  enforce(side === 'customer' ? rules.useOwnCallback(actor, c) : rules.workCallback(actor, c));
};

/**
 * A file, for whoever may see it (`rules.readUpload`): its customer; the agent a request it is attached to
 * (directly, or through one of its messages) is with now; that customer's exclusive agent, who sees all of
 * their history. Returns what serving it needs.
 */
export const authorizeUpload = async (opts: { db: Db; actor: Actor; id: string }) => {
  const { actor } = opts;
  if (!actor.customerId && !actor.agentId) throw signInRequired();
  const u = await opts.db.upload.findUnique({
    where: { id: opts.id },
    select: {
      customerId: true,
      mime: true,
      name: true,
      blob: true,
      thumbBlob: true,
      request: { select: { agentId: true } },
      message: { select: { request: { select: { agentId: true } } } },
    },
  });
  if (!u) throw notFound('No such file.', 'id');
  const handlers: string[] = [];
  if (actor.agentId && actor.customerId !== u.customerId) {
    const requestAgent = u.request?.agentId ?? u.message?.request.agentId;
    // Not attached yet: only its customer sees it.
    if (requestAgent) {
      handlers.push(requestAgent);
      const binding = await findActiveBinding(opts.db, u.customerId, { select: { agentId: true } });
      if (binding) handlers.push(binding.agentId);
    }
  }
  enforce(rules.readUpload(actor, { customerId: u.customerId, handlers }));
  return u;
};
