import { z } from 'zod';
import { text } from '../validation/text.ts';

// Forms send "" for a field left empty; treat it as not given.
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), schema.optional());

export const phoneSchema = text().pipe(z
  .string()
  .max(24, 'is too long')
  .regex(/^\+?[0-9][0-9 ()-]{5,22}$/, 'must be a phone number such as +86 138 0013 8000'));

export const imSchema = text().pipe(z
  .string()
  .min(2, 'is too short')
  .max(64, 'is too long')
  .regex(/^[\p{L}\p{N}_.@:+-]+$/u, 'may contain letters, digits and _ . @ : + - only'));

/** A customer's name and contact info: at least one of phone, email or IM account. */
export const customerInputSchema = z
  .object({
    name: text().pipe(z.string().min(1, 'is required').max(80, 'is too long')),
    phone: optional(phoneSchema),
    email: optional(text().pipe(z.email('must be an email address such as li@example.com').max(254, 'is too long'))),
    im: optional(imSchema),
  })
  .superRefine((v, ctx) => {
    if (!v.phone && !v.email && !v.im) {
      ctx.addIssue({ code: 'custom', path: ['contact'], message: 'give at least one of phone, email or IM account' });
    }
  });

export type CustomerInput = z.infer<typeof customerInputSchema>;
