import type { Db } from '../db/client.ts';
import type { Agent, Customer, ServiceRequest } from '../db/generated/sqlite/client.ts';
import { columnsOf, fromRow, newId, returningOf, type Dialect, type Query } from '../db/raw.ts';
import { OPEN_STATUSES } from './request-view.ts';

/**
 * The statements of a request's usual life, as SQL on the driver (lib/db/raw.ts): read the route, insert,
 * delivered, acknowledged, resolved — one statement each, in both dialects. What they decide is the same
 * as the Prisma statements they replace (the off-path cases still go through Prisma); the budget is kept by
 * lib/requests/hot-path-statements.test.ts and the shapes by lib/db/raw.test.ts.
 */

const OPEN = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
/** What an agent has in hand: offered or taken (agent-load.ts IN_HAND, as SQL). */
const IN_HAND = (alias: string, agentParam: string) =>
  `SELECT COUNT(*) FROM "ServiceRequest" ${alias} WHERE ${alias}."agentId" = ${agentParam} AND ${alias}."status" IN (${OPEN}) AND (${alias}."status" <> 'pending' OR ${alias}."offeredAt" IS NOT NULL)`;
const OPEN_OF_CUSTOMER = (alias: string, customerParam: string) => `SELECT COUNT(*) FROM "ServiceRequest" ${alias} WHERE ${alias}."customerId" = ${customerParam} AND ${alias}."status" IN (${OPEN})`;

/** A timestamp parameter where PostgreSQL cannot infer the type from a column (CASE, SELECT lists). */
const ts = (dialect: Dialect, p: string) => (dialect === 'postgres' ? `${p}::timestamp(3)` : p);
const int = (dialect: Dialect, expr: string) => (dialect === 'postgres' ? `(${expr})::int` : `(${expr})`);

const texts = new Map<string, string>();
const once = (key: string, make: () => string) => {
  let t = texts.get(key);
  if (!t) texts.set(key, (t = make()));
  return t;
};

export type RouteRead = { bindingId: string; agent: Agent; customer: Customer; openForCustomer: number; inHand: number };

/**
 * The customer's active binding with its agent, the customer, their open requests and what the agent has
 * in hand: one statement. On PostgreSQL it also takes the agent's row lock (`FOR NO KEY UPDATE OF a`, inside
 * the step's transaction): a request created at the same moment for this agent waits for this one to commit.
 * Its counts may then predate that commit; the insert below counts again, under the lock.
 */
export const readRoute = async (db: Db, q: Query, dialect: Dialect, customerId: string): Promise<RouteRead | null> => {
  const sql = once(`route:${dialect}`, () =>
    [
      `SELECT b."id" AS "bindingId", ${columnsOf(db, 'Agent', 'a')}, ${columnsOf(db, 'Customer', 'c')},`,
      ` ${int(dialect, OPEN_OF_CUSTOMER('o', 'b."customerId"'))} AS "openForCustomer", ${int(dialect, IN_HAND('h', 'b."agentId"'))} AS "inHand"`,
      ' FROM "Binding" b JOIN "Agent" a ON a."id" = b."agentId" JOIN "Customer" c ON c."id" = b."customerId"',
      ' WHERE b."customerId" = $1 AND b."endedAt" IS NULL',
      dialect === 'postgres' ? ' FOR NO KEY UPDATE OF a' : '',
    ].join(''),
  );
  const [row] = await q(sql, [customerId]);
  if (!row) return null;
  return {
    bindingId: row.bindingId as string,
    agent: fromRow<Agent>(db, 'Agent', row, 'a'),
    customer: fromRow<Customer>(db, 'Customer', row, 'c'),
    openForCustomer: Number(row.openForCustomer),
    inHand: Number(row.inHand),
  };
};

export type NewRequest = {
  customerId: string;
  agentId: string;
  bindingId: string;
  message: string;
  idempotencyKey: string;
  locale: string;
  now: Date;
  /** the agent can take it if they have room (availability without the load): offered when under their limit, else held as busy */
  offerIfRoom: boolean;
  /** why it waits when not offered for another reason (away, offline) */
  holdReason: string | null;
  /** the customer's open-request limit, counted again in the statement */
  maxOpen: number;
};

/**
 * One INSERT … SELECT … RETURNING: stored only while the customer is under their open-request limit, and
 * offered only while the agent is under theirs — both counted in the statement, which runs after the step
 * took the agent's lock (PostgreSQL) or holds the connection (SQLite). No row back: the customer is full.
 */
export const insertRequest = async (db: Db, q: Query, dialect: Dialect, r: NewRequest): Promise<ServiceRequest | null> => {
  const sql = once(`insert:${dialect}`, () =>
    [
      'INSERT INTO "ServiceRequest" ("id", "customerId", "agentId", "boundAgentId", "bindingId", "message", "status", "idempotencyKey",',
      ' "offeredAt", "firstOfferedAt", "excludedAgentIds", "waitForBound", "holdReason", "hops", "locale", "createdAt", "updatedAt")',
      ` SELECT $1, $2, $3, $3, $4, $5, 'pending', $6,`,
      ` CASE WHEN $7 = 1 AND h.n < a."maxOpenRequests" THEN ${ts(dialect, '$8')} ELSE NULL END,`,
      ` CASE WHEN $7 = 1 AND h.n < a."maxOpenRequests" THEN ${ts(dialect, '$8')} ELSE NULL END, '[]', false,`,
      ` CASE WHEN $7 = 1 AND h.n < a."maxOpenRequests" THEN NULL WHEN $7 = 1 THEN 'agent_busy' ELSE $9 END, 0, $10, ${ts(dialect, '$8')}, ${ts(dialect, '$8')}`,
      ` FROM "Agent" a, (${IN_HAND('r', '$3').replace('SELECT COUNT(*)', 'SELECT COUNT(*) AS n')}) h`,
      ` WHERE a."id" = $3 AND (${OPEN_OF_CUSTOMER('o', '$2')}) < $11`,
      ` RETURNING ${returningOf(db, 'ServiceRequest')}`,
    ].join(''),
  );
  const [row] = await q(sql, [newId(), r.customerId, r.agentId, r.bindingId, r.message, r.idempotencyKey, r.offerIfRoom ? 1 : 0, r.now, r.holdReason, r.locale, r.maxOpen]);
  return row ? fromRow<ServiceRequest>(db, 'ServiceRequest', row) : null;
};

/** pending → delivered, only if it is still theirs and pending: the customer's id back, or null. */
export const markDeliveredSql = async (q: Query, r: { id: string; agentId: string; now: Date }): Promise<string | null> => {
  const [row] = await q(
    `UPDATE "ServiceRequest" SET "status" = 'delivered', "deliveredAt" = $1, "updatedAt" = $1 WHERE "id" = $2 AND "agentId" = $3 AND "status" = 'pending' RETURNING "customerId"`,
    [r.now, r.id, r.agentId],
  );
  return row ? (row.customerId as string) : null;
};

/** pending or delivered → acknowledged (delivered at the latest now), only if still theirs: the row, or null. */
export const acknowledgeSql = async (db: Db, q: Query, r: { id: string; agentId: string; now: Date }): Promise<ServiceRequest | null> => {
  const [row] = await q(
    once(
      'ack',
      () =>
        `UPDATE "ServiceRequest" SET "status" = 'acknowledged', "acknowledgedAt" = $1, "deliveredAt" = COALESCE("deliveredAt", $1), "updatedAt" = $1` +
        ` WHERE "id" = $2 AND "agentId" = $3 AND "status" IN ('pending', 'delivered') RETURNING ${returningOf(db, 'ServiceRequest')}`,
    ),
    [r.now, r.id, r.agentId],
  );
  return row ? fromRow<ServiceRequest>(db, 'ServiceRequest', row) : null;
};

/**
 * acknowledged → resolved, only if still theirs: the row, and whether a request waits held for this agent
 * (then it may be offered now) — in the same statement, so the usual resolve reads nothing else.
 */
export const resolveSql = async (db: Db, q: Query, r: { id: string; agentId: string; now: Date }): Promise<{ row: ServiceRequest; heldWaiting: boolean } | null> => {
  const [row] = await q(
    once(
      'resolve',
      () =>
        `UPDATE "ServiceRequest" SET "status" = 'resolved', "resolvedAt" = $1, "updatedAt" = $1 WHERE "id" = $2 AND "agentId" = $3 AND "status" = 'acknowledged'` +
        ` RETURNING ${returningOf(db, 'ServiceRequest')}, EXISTS (SELECT 1 FROM "ServiceRequest" w WHERE w."agentId" = $3 AND w."status" = 'pending' AND w."offeredAt" IS NULL) AS "heldWaiting"`,
    ),
    [r.now, r.id, r.agentId],
  );
  if (!row) return null;
  return { row: fromRow<ServiceRequest>(db, 'ServiceRequest', row), heldWaiting: row.heldWaiting === true || row.heldWaiting === 1 };
};
