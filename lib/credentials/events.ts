/** The facts the auth domain publishes (lib/events fans them out). */
export type SessionEvents = {
  /** sessions were revoked (sign-out, password change, deactivation): their sockets are closed now */
  endSessions?(target: { agentId?: string; sessionIds?: string[] }): void;
};
