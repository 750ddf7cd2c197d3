import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';

/**
 * One-time ways in for a customer on another device: a handoff code shown as a QR code in the app,
 * or a sign-in link mailed to them. 256 random bits, stored only as their sha256, valid 10 minutes,
 * used once (a conditional update: two devices racing with one code, one wins).
 */
export const LINK_TTL_MS = 10 * 60_000;
export type LinkKind = 'handoff' | 'email';

const hashOf = (code: string) => crypto.createHash('sha256').update(code).digest('hex');

export const codeSchema = z.string().regex(/^[A-Za-z0-9_-]{40,64}$/, 'is not a valid code');

export const createCustomerLink = async (opts: { db: Db; customerId: string; kind: LinkKind; now?: Date }): Promise<{ code: string; expiresAt: Date }> => {
  const now = opts.now ?? new Date();
  const code = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  await opts.db.customerLink.create({ data: { id: hashOf(code), customerId: opts.customerId, kind: opts.kind, createdAt: now, expiresAt } });
  return { code, expiresAt };
};

const invalid = () => new AppError('invalid_code', 'This code or link is not valid any more: it was used, it expired (after 10 minutes), or it was mistyped. Ask for a new one.', 'code');

/** Uses the code: the customer it lets in, or 400 invalid_code (used, expired, unknown — said alike). */
export const redeemCustomerLink = async (opts: { db: Db; code: unknown; now?: Date }): Promise<{ customerId: string; kind: LinkKind }> => {
  const parsed = codeSchema.safeParse(opts.code);
  if (!parsed.success) throw invalid();
  const now = opts.now ?? new Date();
  const id = hashOf(parsed.data);
  const { count } = await opts.db.customerLink.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (count !== 1) throw invalid();
  const link = await opts.db.customerLink.findUniqueOrThrow({ where: { id } });
  const customer = await opts.db.customer.findUnique({ where: { id: link.customerId }, select: { id: true, erasedAt: true } });
  // An erased customer is reached by nothing again (erasure deletes their codes too: this is the second lock).
  if (!customer || customer.erasedAt) throw invalid();
  return { customerId: customer.id, kind: link.kind as LinkKind };
};
