// Apart from api-tokens.ts (which needs node:crypto) so the admin page's form can list them too.
export const API_SCOPES = ['requests:read', 'customers:read', 'agents:read', 'reports:read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
