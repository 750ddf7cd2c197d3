import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { hashPassword, verifyPassword } from '../credentials/password.ts';
import { createSession, revokeAllSessions } from '../credentials/sessions.ts';
import { hasControlCharacters, text } from '../validation/text.ts';

/** Someone who may open /admin. Created only from the command line (`npm run admin -- create`). */
export type AdminView = { id: string; email: string; name: string };

export const createAdminSchema = z.object({
  email: z.email('must be an email address').max(254).transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, 'is required').max(120),
  password: z.string({ error: 'is required' }).min(12, 'must be at least 12 characters').max(200),
});

/** Creates an admin, or sets a new password when `replace` is given for an existing one. */
export const createAdmin = async (opts: { db: Db; input: unknown; replace?: boolean }): Promise<{ admin: AdminView; created: boolean }> => {
  const { email, name, password } = createAdminSchema.parse(opts.input);
  const passwordHash = await hashPassword(password);
  const existing = await opts.db.admin.findUnique({ where: { email } });
  if (existing && !opts.replace) throw new AppError('conflict', `An admin with email ${email} exists already (use --reset to set a new password).`, 'email');
  const admin = existing
    ? await opts.db.admin.update({ where: { id: existing.id }, data: { passwordHash, name } })
    : await opts.db.admin.create({ data: { email, name, passwordHash } });
  // A new password ends every session signed in with the old one.
  if (existing) await revokeAllSessions({ db: opts.db, kind: 'admin', subjectId: existing.id });
  return { admin: { id: admin.id, email: admin.email, name: admin.name }, created: !existing };
};

export const adminSignInSchema = z.object({
  email: text().pipe(z.email('must be an email address').max(254)).transform((e) => e.toLowerCase()),
  // Compared as typed (no trim, no NFC) so a stored hash keeps matching; controls are refused.
  password: z.string({ error: 'is required' }).min(1, 'is required').max(200).refine((s) => !hasControlCharacters(s), 'must not contain control characters'),
});

// Checked when the email is unknown too, so the answer takes as long either way.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Every sign-in is a new server-side session (lib/credentials/sessions.ts): sign-out ends it at once. */
export const signInAdmin = async (opts: { db: Db; input: unknown }): Promise<{ admin: AdminView; token: string; sessionId: string }> => {
  const { email, password } = adminSignInSchema.parse(opts.input);
  const admin = await opts.db.admin.findUnique({ where: { email } });
  const ok = await verifyPassword(password, admin?.passwordHash ?? DUMMY_HASH);
  if (!admin || !ok) throw new AppError('invalid_credentials', 'Email or password is wrong.', 'password');
  const { token, session } = await createSession({ db: opts.db, kind: 'admin', subjectId: admin.id });
  return { admin: { id: admin.id, email: admin.email, name: admin.name }, token, sessionId: session.id };
};

export const getAdmin = async (opts: { db: Db; adminId: string }): Promise<AdminView> => {
  const admin = await opts.db.admin.findUnique({ where: { id: opts.adminId } });
  if (!admin) throw new AppError('unauthenticated', 'Please sign in again.', 'session');
  return { id: admin.id, email: admin.email, name: admin.name };
};
