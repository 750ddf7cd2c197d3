// The e2e server's test-only seeding (TEST_SEED_API=1): each Playwright test gets agents of its own, so
// no journey signs in as a demo agent (whose demo console would go quiet for the rest of the run) and no
// journey finds another's conversations, bindings or status in its console. Everything made here is
// marked by the handle prefix, and only such agents can be removed through it.
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../lib/db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { hashPassword } from '../../lib/credentials/password.ts';
import { deactivateAgent } from '../../lib/staff/deactivate-agent.ts';
import type { Notifier } from '../../lib/events/types.ts';

export const TEST_HANDLE_PREFIX = 'e2e-';
const HANDLE = /^[A-Za-z0-9._-]{1,64}$/;

export const seedAgentSchema = z.object({
  capability: z.number().int().min(0).max(100).default(99),
  status: z.enum(['online', 'away', 'offline']).default('online'),
  languages: z.array(z.string().min(2).max(35)).max(10).default(['zh-CN', 'en']),
  skills: z.array(z.string().min(1).max(40)).max(10).default(['billing', 'refunds']),
});

export type SeededAgent = { id: string; handle: string; email: string; password: string; name: string; nameZh: string };

// Names a person would read on a screenshot; the handle is what makes each agent unique.
const NAMES: [string, string][] = [
  ['Mei Tan', '谭美'], ['Jun Park', '朴俊'], ['Rosa Lim', '林罗莎'], ['Hao Ren', '任浩'], ['Ivy Qian', '钱艾薇'],
  ['Bo Shen', '沈博'], ['Nina Cao', '曹妮娜'], ['Kai Dong', '董凯'], ['Lena Fu', '傅莉娜'], ['Ming Xie', '谢明'],
];
let made = 0;

/** A new active agent (no console yet: they become available when a test signs in to the console). */
export const seedAgent = async (opts: { db: Db; input: unknown }): Promise<SeededAgent> => {
  const input = seedAgentSchema.parse(opts.input ?? {});
  const token = crypto.randomBytes(5).toString('hex');
  const handle = `${TEST_HANDLE_PREFIX}${token}`;
  const [baseName, baseNameZh] = NAMES[made++ % NAMES.length]!;
  // A suffix keeps the name unique too, so a page can be searched for this agent by name.
  const name = `${baseName} ${token.slice(0, 4).toUpperCase()}`;
  const nameZh = `${baseNameZh}${token.slice(0, 4).toUpperCase()}`;
  const password = crypto.randomBytes(12).toString('base64url');
  const agent = await opts.db.agent.create({
    data: {
      handle,
      email: `${handle}@e2e.local`,
      name,
      nameZh,
      bio: 'An agent made for one end-to-end test.',
      bioZh: '为一次端到端测试创建的客服。',
      languages: JSON.stringify(input.languages),
      skills: JSON.stringify(input.skills),
      capability: input.capability,
      status: input.status,
      credential: { create: { passwordHash: await hashPassword(password) } },
    },
  });
  return { id: agent.id, handle, email: agent.email, password, name, nameZh };
};

/**
 * The test is over: its agent leaves the team the way a real one does (bindings end, open requests go
 * to the next best available agent), so later journeys never meet them. Demo and real agents are refused.
 */
export const removeSeededAgent = async (opts: { db: Db; notify: Notifier; handle: string }) => {
  // Checked before use like any route id (handles have dots: li.ming).
  if (!HANDLE.test(opts.handle)) throw new AppError('invalid_input', 'handle: is not a valid handle', 'handle');
  if (!opts.handle.startsWith(TEST_HANDLE_PREFIX)) throw new AppError('forbidden', 'Only agents made by the test seeding API can be removed here.', 'handle');
  const agent = await opts.db.agent.findUnique({ where: { handle: opts.handle }, select: { email: true } });
  if (!agent) throw new AppError('not_found', `No agent ${opts.handle}.`, 'handle');
  return deactivateAgent({ db: opts.db, notify: opts.notify, email: agent.email });
};
