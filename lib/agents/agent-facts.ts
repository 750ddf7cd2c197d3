import { parseStringList } from '../string-list.ts';

/** What the routing policy (lib/requests/routing-policy.ts) knows of an agent: presence, capacity, languages, skills, and their load. */
export type AgentFacts = {
  id: string;
  status: string;
  active: boolean;
  connected: boolean;
  capability: number;
  openRequests: number;
  maxOpenRequests: number;
  languages: string[];
  skills: string[];
};

export type AgentFactsRow = { id: string; status: string; active: boolean; connected: boolean; capability: number; maxOpenRequests: number; languages: string; skills: string };

export const AGENT_FACTS_SELECT = { id: true, status: true, active: true, connected: true, capability: true, maxOpenRequests: true, languages: true, skills: true } as const;

/** The routing policy's view of an agent row and its load. */
export const toAgentFacts = (r: AgentFactsRow, openRequests: number): AgentFacts => ({
  id: r.id,
  status: r.status,
  active: r.active,
  connected: r.connected,
  capability: r.capability,
  maxOpenRequests: r.maxOpenRequests,
  languages: parseStringList(r.languages),
  skills: parseStringList(r.skills),
  openRequests,
});
