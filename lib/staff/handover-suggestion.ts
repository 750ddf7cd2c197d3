import type { Db } from '../db/client.ts';
import type { Tx } from '../db/row-lock.ts';
import { speaks } from '../requests/routing-policy.ts';
import { isAgentAvailable } from '../agents/presence.ts';
import { parseStringList } from '../string-list.ts';

/** What the suggestion weighs about a colleague who could take the customers over. */
export type SuccessorFacts = {
  id: string;
  languages: string[];
  skills: string[];
  capability: number;
  /** places left for exclusive customers (capacity − customers now) */
  room: number;
  status: string;
  connected: boolean;
  active: boolean;
};

/** Who is being handed over: the language they use the app in. */
export type HandoverNeed = { locale: string };

const overlap = (a: readonly string[], b: readonly string[]) => a.filter((s) => b.includes(s)).length;

/**
 * Pure: the next agent for each customer of an agent who leaves — among colleagues with room, the ones
 * who speak the customer's language (required: a suggestion they cannot talk to is no suggestion), then
 * the most skills shared with the leaving agent, then available now, then highest capability, ties by id.
 * Places are counted as they are handed out, so one colleague is not suggested to more customers than
 * they have room for. null for a customer nobody fits: they can only choose again.
 */
export const suggestSuccessors = (pool: readonly SuccessorFacts[], leavingSkills: readonly string[], needs: readonly HandoverNeed[]): (string | null)[] => {
  const room = new Map(pool.map((a) => [a.id, a.room]));
  const ranked = [...pool].sort(
    (a, b) =>
      overlap(b.skills, leavingSkills) - overlap(a.skills, leavingSkills) ||
      Number(isAgentAvailable(b)) - Number(isAgentAvailable(a)) ||
      b.capability - a.capability ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return needs.map((need) => {
    const pick = ranked.find((a) => (room.get(a.id) ?? 0) > 0 && speaks(a.languages, need.locale));
    if (!pick) return null;
    room.set(pick.id, room.get(pick.id)! - 1);
    return pick.id;
  });
};

/** How many colleagues the suggestion looks at: the best by capability with room (the matching index's order). */
const POOL_SIZE = 500;

/** Active colleagues with room for another customer, best first, without `exclude`. */
export const loadSuccessorPool = async (db: Db | Tx, exclude: readonly string[]): Promise<SuccessorFacts[]> => {
  const rows = await db.agent.findMany({
    where: { active: true, id: { notIn: [...exclude] }, activeBindings: { lt: db.agent.fields.capacity } },
    orderBy: [{ capability: 'desc' }, { id: 'asc' }],
    take: POOL_SIZE,
    select: { id: true, languages: true, skills: true, capability: true, capacity: true, activeBindings: true, status: true, connected: true, active: true },
  });
  return rows.map((r) => ({
    id: r.id,
    languages: parseStringList(r.languages),
    skills: parseStringList(r.skills),
    capability: r.capability,
    room: r.capacity - r.activeBindings,
    status: r.status,
    connected: r.connected,
    active: r.active,
  }));
};
