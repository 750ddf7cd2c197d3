import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { LOCALES } from '../i18n/config.ts';
import { AppError } from '../errors.ts';

/** What a customer decides about being reached outside the app, and in which language. */
export type CustomerSettings = { email: boolean; hasEmail: boolean; locale: string | null };

export const settingsSchema = z
  .object({
    email: z.boolean({ error: 'must be true or false' }).optional(),
    locale: z.enum(LOCALES as unknown as [string, ...string[]], { error: `must be one of ${LOCALES.join(', ')}` }).optional(),
  })
  .strict();

const view = (c: { email: string | null; emailOff: boolean; locale: string | null }): CustomerSettings => ({ email: !c.emailOff, hasEmail: !!c.email, locale: c.locale });

export const getCustomerSettings = async (opts: { db: Db; customerId: string }) => {
  const c = await opts.db.customer.findUnique({ where: { id: opts.customerId } });
  if (!c) throw new AppError('customer_required', 'Please tell us how to reach you first.', 'customer');
  return view(c);
};

/** Turns e-mail on or off (the off switch is honoured before every mail) and keeps the language for mail. */
export const updateCustomerSettings = async (opts: { db: Db; customerId: string; input: unknown }) => {
  const input = settingsSchema.parse(opts.input);
  await getCustomerSettings(opts);
  const row = await opts.db.customer.update({
    where: { id: opts.customerId },
    data: { ...(input.email !== undefined ? { emailOff: !input.email } : {}), ...(input.locale ? { locale: input.locale } : {}) },
  });
  return view(row);
};
