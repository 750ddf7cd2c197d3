import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { ApiToken } from '../db/generated/sqlite/client.ts';
import { AppError } from '../errors.ts';
import { parseStringList } from '../string-list.ts';
import { hashToken } from './sessions.ts';
import { API_SCOPES, type ApiScope } from './api-scopes.ts';

/**
 * API tokens for the shop's servers (issue 29): an admin makes one with scopes, it is shown once, and
 * only its sha256 is kept (as for sessions), so a copy of the database reads nothing with it. The
 * `eat_` prefix lets a secret scanner (and a person) recognise one in a log or a repository.
 * Every call reads the token's row (one unique-index lookup): a revocation holds at once on every
 * instance, with no cache to drop (docs/decisions.md, "API tokens").
 */

export { API_SCOPES, type ApiScope };

export const API_TOKEN_PREFIX = 'eat_';
const TOKEN = /^eat_[A-Za-z0-9_-]{43}$/;

/** lastUsedAt moves at most this often per token: a busy token costs no write per call. */
export const LAST_USED_EVERY_MS = 60_000;

export const newApiToken = (): string => `${API_TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;

/** Whether a presented bearer looks like an API token at all (no database read for anything else). */
export const isApiTokenForm = (token: string | null | undefined): token is string => Boolean(token && TOKEN.test(token));

export type ApiTokenView = { id: string; name: string; scopes: ApiScope[]; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

const scopesOf = (json: string): ApiScope[] => parseStringList(json).filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s));

export const toApiTokenView = (t: ApiToken): ApiTokenView => ({
  id: t.id,
  name: t.name,
  scopes: scopesOf(t.scopes),
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

export const apiTokenInputSchema = z.object({
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(80, 'is too long'),
  scopes: z
    .array(z.enum(API_SCOPES, { error: `must be scopes from: ${API_SCOPES.join(', ')}` }), { error: 'must be a list of scopes' })
    .min(1, 'must name at least one scope')
    .max(API_SCOPES.length * 2)
    .transform((s) => API_SCOPES.filter((x) => s.includes(x))),
});

/** A new token: the secret is in this answer only. */
export const createApiToken = async (opts: { db: Db; input: unknown; adminId: string | null }): Promise<{ token: string; apiToken: Pick<ApiTokenView, 'id' | 'name' | 'scopes'> }> => {
  const input = apiTokenInputSchema.parse(opts.input);
  const token = newApiToken();
  const row = await opts.db.apiToken.create({ data: { name: input.name, scopes: JSON.stringify(input.scopes), tokenHash: hashToken(token), createdById: opts.adminId } });
  return { token, apiToken: { id: row.id, name: row.name, scopes: input.scopes } };
};

/** Every token, newest first; revoked ones stay listed (when they were revoked is worth seeing). */
export const listApiTokens = async (opts: { db: Db }): Promise<ApiTokenView[]> =>
  (await opts.db.apiToken.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })).map(toApiTokenView);

/** Revokes at once: the next call with it, on any instance, reads the row and is refused. Revoking twice is a no-op. */
export const revokeApiToken = async (opts: { db: Db; id: string; now?: Date }): Promise<void> => {
  const found = await opts.db.apiToken.findUnique({ where: { id: opts.id }, select: { id: true } });
  if (!found) throw new AppError('not_found', 'No such API token.', 'id');
  await opts.db.apiToken.updateMany({ where: { id: opts.id, revokedAt: null }, data: { revokedAt: opts.now ?? new Date() } });
};

export type LiveApiToken = { id: string; name: string; scopes: ApiScope[] };

/** 401 with the challenge RFC 6750 asks for, so a client library knows what to send. */
export const invalidToken = () => new AppError('unauthenticated', 'Send a valid API token: Authorization: Bearer eat_…', 'authorization', { 'www-authenticate': 'Bearer' });

/**
 * The live token behind a bearer, or 401. lastUsedAt is written only when it is older than a minute,
 * and conditionally, so instances racing on one token write it once.
 */
export const authenticateApiToken = async (opts: { db: Db; token: string | null | undefined; now?: Date }): Promise<LiveApiToken> => {
  if (!isApiTokenForm(opts.token)) throw invalidToken();
  const row = await opts.db.apiToken.findUnique({ where: { tokenHash: hashToken(opts.token) } });
  if (!row || row.revokedAt) throw invalidToken();
  const now = opts.now ?? new Date();
  const stale = new Date(now.getTime() - LAST_USED_EVERY_MS);
  if (!row.lastUsedAt || row.lastUsedAt < stale) {
    await opts.db.apiToken.updateMany({ where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] }, data: { lastUsedAt: now } });
  }
  return { id: row.id, name: row.name, scopes: scopesOf(row.scopes) };
};

/** 403 naming the scope the token lacks. */
export const requireScope = (token: LiveApiToken, scope: ApiScope): void => {
  if (!token.scopes.includes(scope)) throw new AppError('forbidden', `This API token lacks the scope ${scope}.`, 'scope');
};
