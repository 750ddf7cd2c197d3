import type { Agent } from '../db/generated/sqlite/client.ts';
import { parseStringList } from '../string-list.ts';
import type { CapabilityPart } from './capability-score.ts';

export type AgentStatus = 'online' | 'away' | 'offline';

/** What a customer sees of an agent: no email, no credentials, no capacity internals. */
export type AgentCard = {
  id: string;
  handle: string;
  name: string;
  nameZh: string;
  bio: string;
  /** the bio in Chinese ('' when there is none: show `bio`) */
  bioZh: string;
  languages: string[];
  skills: string[];
  avatarColor: string;
  initials: string;
  capability: number;
  /** what the agent chose */
  status: AgentStatus;
  /** chose online and a console of theirs is live (lib/agents/presence.ts): someone is there */
  available: boolean;
  /** plain average of the stars customers gave (one decimal), null before the first rating */
  rating: { average: number | null; count: number };
  gifts: { count: number; points: number };
  /** "why this agent?": the parts of the capability score, as last computed by the capability job */
  why: { parts: CapabilityPart[]; computedAt: string } | null;
};

const PART_KEYS = new Set(['rating', 'acknowledgement', 'resolution', 'gifts']);

/** The stored parts, or null when they were never computed or cannot be read. */
export const parseCapabilityParts = (json: string | null): CapabilityPart[] | null => {
  if (!json) return null;
  try {
    const parts = JSON.parse(json) as unknown;
    if (!Array.isArray(parts) || !parts.every((p) => p && PART_KEYS.has(p.key) && typeof p.points === 'number')) return null;
    return parts as CapabilityPart[];
  } catch {
    return null;
  }
};

/** Two letters for the locally drawn avatar: first letters of the first two words of the name. */
export const initialsOf = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');

export const toAgentCard = (a: Agent): AgentCard => ({
  id: a.id,
  handle: a.handle,
  name: a.name,
  nameZh: a.nameZh,
  bio: a.bio,
  bioZh: a.bioZh,
  languages: parseStringList(a.languages),
  skills: parseStringList(a.skills),
  avatarColor: a.avatarColor,
  initials: initialsOf(a.name),
  capability: a.capability,
  status: a.status as AgentStatus,
  available: a.active && a.status === 'online' && a.connected,
  rating: { average: a.ratingCount ? Math.round((a.ratingSum / a.ratingCount) * 10) / 10 : null, count: a.ratingCount },
  gifts: { count: a.giftCount, points: a.giftPoints },
  why: ((parts) => (parts && a.capabilityAt ? { parts, computedAt: a.capabilityAt.toISOString() } : null))(parseCapabilityParts(a.capabilityParts)),
});
