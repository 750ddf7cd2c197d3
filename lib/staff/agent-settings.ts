import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { isTimeZone, parseWorkingHours, workingHoursSchema, type WorkingHours } from '../callbacks/slots.ts';
import { reviewAgentCallbacks } from '../callbacks/offer-cover.ts';
import type { Notifier } from '../events/types.ts';

export type AgentSettings = { timeZone: string; workingHours: WorkingHours };

export const agentSettingsSchema = z
  .object({
    timeZone: z.string().max(64).refine(isTimeZone, 'must be a time zone such as Asia/Shanghai').optional(),
    workingHours: workingHoursSchema.optional(),
  })
  .strict();

export const getAgentSettings = async (opts: { db: Db; agentId: string }): Promise<AgentSettings> => {
  const a = await opts.db.agent.findUniqueOrThrow({ where: { id: opts.agentId } });
  return { timeZone: a.timeZone, workingHours: parseWorkingHours(a.workingHours) };
};

/**
 * The agent's own hours for callbacks. Booked calls stay booked with them; a customer whose call now
 * falls outside the hours is told at once and offered a cover who works then (lib/callbacks/offer-cover.ts).
 */
export const updateAgentSettings = async (opts: { db: Db; notify: Notifier; agentId: string; input: unknown; leadMs: number; now?: Date }): Promise<AgentSettings> => {
  const input = agentSettingsSchema.parse(opts.input);
  await opts.db.agent.update({
    where: { id: opts.agentId },
    data: { ...(input.timeZone ? { timeZone: input.timeZone } : {}), ...(input.workingHours ? { workingHours: JSON.stringify(input.workingHours) } : {}) },
  });
  if (input.timeZone || input.workingHours) await reviewAgentCallbacks(opts);
  return getAgentSettings(opts);
};
