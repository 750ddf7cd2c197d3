import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { phoneSchema } from './contact.ts';
import { text } from '../validation/text.ts';

/**
 * The shop says who its signed-in user is with a short-lived JWT (Intercom's identity verification,
 * Zendesk messaging's JWT sign-in, Chatwoot's identifier_hash do the same). Checked by `jose`, never by
 * hand: only the algorithms the configuration names are accepted (HS256 with IDENTITY_SECRET,
 * RS256/ES256 with the keys at IDENTITY_JWKS_URL — so `alg: none`, or HS256 "signed" with a public key,
 * never pass); `exp` and `iat` are required and at most 10 minutes apart; 30 s of clock skew is allowed.
 */
export type IdentityConfig = { secret?: Uint8Array; jwks?: JWTVerifyGetKey; issuer?: string; audience?: string };

export const MAX_TOKEN_LIFETIME_S = 600;
export const CLOCK_SKEW_S = 30;

const jwksByUrl = new Map<string, JWTVerifyGetKey>();

/** From the environment; null when no identity is configured (the identify route then answers 404). */
export const identityConfigFrom = (env: { IDENTITY_SECRET?: string; IDENTITY_JWKS_URL?: string; IDENTITY_ISSUER?: string; IDENTITY_AUDIENCE?: string }): IdentityConfig | null => {
  if (!env.IDENTITY_SECRET && !env.IDENTITY_JWKS_URL) return null;
  let jwks: JWTVerifyGetKey | undefined;
  if (env.IDENTITY_JWKS_URL) {
    // jose fetches the shop's keys, caches them (10 min) and fetches again for a key id it does not know (rotation).
    jwks = jwksByUrl.get(env.IDENTITY_JWKS_URL) ?? createRemoteJWKSet(new URL(env.IDENTITY_JWKS_URL), { cacheMaxAge: 600_000, cooldownDuration: 30_000, timeoutDuration: 5_000 });
    jwksByUrl.set(env.IDENTITY_JWKS_URL, jwks);
  }
  return {
    secret: env.IDENTITY_SECRET ? new TextEncoder().encode(env.IDENTITY_SECRET) : undefined,
    jwks,
    issuer: env.IDENTITY_ISSUER,
    audience: env.IDENTITY_AUDIENCE,
  };
};

const optionalClaim = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === null || v === '' ? undefined : v), schema.optional());

/** What the token says about the person; the same validation as the contact form. */
export const identityClaimsSchema = z.object({
  sub: z.string().min(1, 'is required').max(128, 'is too long'),
  name: optionalClaim(text().pipe(z.string().min(1).max(80, 'is too long'))),
  email: optionalClaim(text().pipe(z.email('must be an email address').max(254, 'is too long'))),
  phone: optionalClaim(phoneSchema),
  locale: optionalClaim(z.enum(['en', 'zh-CN'])),
});
export type IdentityClaims = z.infer<typeof identityClaimsSchema>;

const refuse = (why: string) => new AppError('invalid_identity', `We could not confirm who you are (${why}). Please open the link from the shop again.`, 'token');

export const verifyIdentityToken = async (opts: { token: unknown; config: IdentityConfig; now?: Date }): Promise<IdentityClaims> => {
  const { token, config } = opts;
  if (typeof token !== 'string' || token.length === 0) throw refuse('no token');
  if (token.length > 8192) throw refuse('the token is too long');
  const algorithms = [...(config.secret ? ['HS256'] : []), ...(config.jwks ? ['RS256', 'ES256'] : [])];
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      token,
      // The key follows the algorithm the configuration allows, never the other way round.
      async (header, t) => {
        if (header.alg === 'HS256' && config.secret) return config.secret;
        if (config.jwks && header.alg !== 'HS256') return config.jwks(header, t);
        throw refuse('an algorithm we do not accept');
      },
      {
        algorithms,
        issuer: config.issuer,
        audience: config.audience,
        clockTolerance: CLOCK_SKEW_S,
        requiredClaims: ['exp', 'iat', 'sub'],
        currentDate: opts.now,
      },
    ));
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code ?? '';
    throw refuse(
      code === 'ERR_JWT_EXPIRED'
        ? 'the link has expired'
        : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED'
          ? `the ${(err as { claim?: string }).claim ?? 'token'} claim is not right`
          : code === 'ERR_JOSE_ALG_NOT_ALLOWED'
            ? 'an algorithm we do not accept'
            : 'the signature does not match',
    );
  }
  if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number' || payload.exp - payload.iat > MAX_TOKEN_LIFETIME_S) {
    throw refuse('a token may live 10 minutes at most');
  }
  const claims = identityClaimsSchema.safeParse(payload);
  if (!claims.success) {
    const issue = claims.error.issues[0]!;
    throw refuse(`the ${issue.path.join('.')} claim ${issue.message}`);
  }
  return claims.data;
};
