import type { Db } from '../db/client.ts';
import { log } from '../log.ts';

/** Whose subscription: a customer's or an agent's. */
export type PushOwner = { customerId: string } | { agentId: string };

/**
 * Who has at least one Web Push subscription, kept in the process: the push listener asks this for every
 * alert and answer, instead of a count per event (issue 27: no work for nobody — most agents and
 * customers never allowed notifications). Loaded when the server starts, changed at once by this
 * instance's saves and deletes, and read again every `refreshMs` for what other instances changed.
 * Until the first load answers, everyone counts as subscribed (the listener then checks as before).
 */
export type Subscribers = {
  has: (owner: PushOwner) => boolean;
  saved: (owner: PushOwner) => void;
  /** one of the owner's subscriptions was deleted: still subscribed if another one is left */
  removed: (db: Db, owner: PushOwner) => Promise<void>;
  refresh: (db: Db) => Promise<void>;
  /** reads the table now and then every `refreshMs`; returns a stop */
  follow: (db: Db, refreshMs: number) => () => void;
};

const keyOf = (owner: PushOwner) => ('customerId' in owner ? `c:${owner.customerId}` : `a:${owner.agentId}`);

export const createSubscribers = (): Subscribers => {
  let known: Set<string> | null = null;
  const refresh = async (db: Db) => {
    const rows = await db.pushSubscription.findMany({ select: { customerId: true, agentId: true }, distinct: ['customerId', 'agentId'] });
    known = new Set(rows.flatMap((r) => [...(r.customerId ? [`c:${r.customerId}`] : []), ...(r.agentId ? [`a:${r.agentId}`] : [])]));
  };
  return {
    has: (owner) => known === null || known.has(keyOf(owner)),
    saved: (owner) => {
      known?.add(keyOf(owner));
    },
    removed: async (db, owner) => {
      const left = await db.pushSubscription.count({ where: 'customerId' in owner ? { customerId: owner.customerId } : { agentId: owner.agentId } });
      if (!left) known?.delete(keyOf(owner));
    },
    refresh,
    follow: (db, refreshMs) => {
      const tick = () => refresh(db).catch((err) => log.warn({ err }, 'push subscribers: refresh failed'));
      void tick();
      const timer = setInterval(tick, refreshMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
};

// Route handlers are bundled apart from server.ts: globalThis gives the whole process one index.
const g = globalThis as unknown as { __pushSubscribers?: Subscribers };
export const getSubscribers = (): Subscribers => (g.__pushSubscribers ??= createSubscribers());
