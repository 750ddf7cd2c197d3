/**
 * The presence rule of presence.ts (`availabilityOf`, before the open-request limit) as a query: chose
 * online, a console of theirs is live, still on the team. Matching and the cover pool filter with it,
 * served by the (status, connected, capability DESC, id) index.
 */
export const AVAILABLE_WHERE = { status: 'online', connected: true, active: true } as const;
