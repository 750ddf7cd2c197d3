import { COOKIE } from '../credentials/session.ts';

/** The credential a call presents, for throttle keys: customer cookie, else agent bearer/cookie, else visitor cookie. */
export const credentialOf = (headers: { get(name: string): string | null }, cookie: (name: string) => string | undefined): string | null =>
  cookie(COOKIE.customer) ?? headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? cookie(COOKIE.agent) ?? cookie(COOKIE.visitor) ?? null;
