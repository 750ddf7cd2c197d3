import type { Agent } from '../db/generated/sqlite/client.ts';
import { parseStringList } from '../string-list.ts';

export type AgentStatus = 'online' | 'away' | 'offline';

/** What a customer sees of an agent: no email, no credentials, no capacity internals. */
export type AgentCard = {
  id: string;
  handle: string;
  name: string;
  nameZh: string;
  bio: string;
  languages: string[];
  skills: string[];
  avatarColor: string;
  initials: string;
  capability: number;
  /** what the agent chose */
  status: AgentStatus;
  /** chose online and a console of theirs is live (lib/agents/presence.ts): someone is there */
  available: boolean;
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
  languages: parseStringList(a.languages),
  skills: parseStringList(a.skills),
  avatarColor: a.avatarColor,
  initials: initialsOf(a.name),
  capability: a.capability,
  status: a.status as AgentStatus,
  available: a.active && a.status === 'online' && a.connected,
});
