import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { hasControlCharacters, text } from '../validation/text.ts';
import { AppError } from '../errors.ts';
import { verifyPassword } from '../credentials/password.ts';
import { createSession } from '../credentials/sessions.ts';
import { toAgentCard, type AgentCard } from './agent-card.ts';

export const signInSchema = z.object({
  email: text().pipe(z.email('must be an email address').max(254)).transform((e) => e.toLowerCase()),
  // Passwords are compared as typed (no trim, no NFC) so a stored hash keeps matching; controls are refused.
  password: z.string({ error: 'is required' }).min(1, 'is required').max(200).refine((s) => !hasControlCharacters(s), 'must not contain control characters'),
});

// Checked when the email is unknown too, so the answer takes as long either way.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export const signInAgent = async (opts: { db: Db; input: unknown }): Promise<{ agent: AgentCard & { email: string }; token: string; sessionId: string }> => {
  const { email, password } = signInSchema.parse(opts.input);
  const agent = await opts.db.agent.findUnique({ where: { email }, include: { credential: true } });
  const ok = await verifyPassword(password, agent?.credential?.passwordHash ?? DUMMY_HASH);
  if (!agent || !agent.credential || !ok || !agent.active) {
    throw new AppError('invalid_credentials', 'Email or password is wrong.', 'password');
  }
  // Every sign-in is a new session with a new token (rotation): nothing from before carries over.
  const { token, session } = await createSession({ db: opts.db, kind: 'agent', subjectId: agent.id });
  return { agent: { ...toAgentCard(agent), email: agent.email }, token, sessionId: session.id };
};
