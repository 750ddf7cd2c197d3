import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { hasControlCharacters, text } from '../validation/text.ts';
import { AppError } from '../errors.ts';
import { verifyPassword } from '../auth/password.ts';
import { createSessionToken } from '../auth/session.ts';
import { toAgentCard, type AgentCard } from './agent-card.ts';

export const signInSchema = z.object({
  email: text().pipe(z.email('must be an email address').max(254)).transform((e) => e.toLowerCase()),
  // Passwords are compared as typed (no trim, no NFC) so a stored hash keeps matching; controls are refused.
  password: z.string({ error: 'is required' }).min(1, 'is required').max(200).refine((s) => !hasControlCharacters(s), 'must not contain control characters'),
});

// Checked when the email is unknown too, so the answer takes as long either way.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export const signInAgent = async (opts: { db: Db; input: unknown }): Promise<{ agent: AgentCard & { email: string }; token: string }> => {
  const { email, password } = signInSchema.parse(opts.input);
  const agent = await opts.db.agent.findUnique({ where: { email }, include: { credential: true } });
  const ok = await verifyPassword(password, agent?.credential?.passwordHash ?? DUMMY_HASH);
  if (!agent || !agent.credential || !ok || !agent.active) {
    throw new AppError('invalid_credentials', 'Email or password is wrong.', 'password');
  }
  return { agent: { ...toAgentCard(agent), email: agent.email }, token: createSessionToken('agent', agent.id) };
};
