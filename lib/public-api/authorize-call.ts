import type { Db } from '../db/client.ts';
import { authenticateApiToken, invalidToken, isApiTokenForm, requireScope, type ApiScope, type LiveApiToken } from '../credentials/api-tokens.ts';
import { hashToken } from '../credentials/sessions.ts';
import { getLimits, type Limits } from '../security/rate-limits.ts';

/**
 * Every /api/v1 call: a bearer in the API token's form (else 401 without a database read), counted
 * against that token's budget (429 + Retry-After, before the row is read, so a flood costs little),
 * then the live row (401 when unknown or revoked) and the scope the endpoint needs (403 naming it).
 */
export const authorizeApiCall = async (opts: { db: Db; bearer: string | null; scope: ApiScope; limits?: Limits; now?: Date }): Promise<LiveApiToken> => {
  if (!isApiTokenForm(opts.bearer)) throw invalidToken();
  await (opts.limits ?? getLimits()).consume('api_token', hashToken(opts.bearer), { message: 'This API token made too many calls. Please wait and try again.' });
  const token = await authenticateApiToken({ db: opts.db, token: opts.bearer, now: opts.now });
  requireScope(token, opts.scope);
  return token;
};
