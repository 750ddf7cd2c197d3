import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { hashPassword, verifyPassword } from '../credentials/password.ts';
import { createSession, revokeAllSessions } from '../credentials/sessions.ts';
import { hasControlCharacters } from '../validation/text.ts';

const password = (min: number) =>
  z.string({ error: 'is required' }).min(min, min > 1 ? `must be at least ${min} characters` : 'is required').max(200, 'is too long').refine((s) => !hasControlCharacters(s), 'must not contain control characters');

export const changePasswordSchema = z.object({ currentPassword: password(1), newPassword: password(10) });

/** Checks the current password, stores the new hash and ends every session of the agent; returns a fresh one. */
export const changePassword = async (opts: { db: Db; agentId: string; input: unknown }): Promise<{ token: string }> => {
  const { currentPassword, newPassword } = changePasswordSchema.parse(opts.input);
  const cred = await opts.db.agentCredential.findUnique({ where: { agentId: opts.agentId } });
  if (!cred || !(await verifyPassword(currentPassword, cred.passwordHash))) {
    throw new AppError('invalid_credentials', 'The current password is wrong.', 'currentPassword');
  }
  await opts.db.agentCredential.update({ where: { agentId: opts.agentId }, data: { passwordHash: await hashPassword(newPassword) } });
  await revokeAllSessions({ db: opts.db, kind: 'agent', subjectId: opts.agentId });
  const { token } = await createSession({ db: opts.db, kind: 'agent', subjectId: opts.agentId });
  return { token };
};
