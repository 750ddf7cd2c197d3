import type { AgentStatus } from './agent-card.ts';
import type { UnavailableReason } from './presence.ts';

/** An agent's availability as customers and the agent's own console see it (`agent:presence`). */
export type AgentPresenceView = { agentId: string; status: AgentStatus; available: boolean; reason: UnavailableReason | null };

/** The facts the agents domain publishes (lib/events fans them out). */
export type AgentEvents = {
  /** the agent's availability changed: their consoles and their customers hear it */
  agentPresence(presence: AgentPresenceView): void;
  /** somebody became available: customers waiting for anyone to come online hear it */
  someoneAvailable(): void;
};
