import { z } from 'zod';

/**
 * One agent as the external roster describes them. CSV gives every value as text, so numbers,
 * booleans and lists are also read from text ("20", "yes", "zh-CN;en"); anything else is a wrong type.
 */
const list = z.union([
  z.array(z.string({ error: 'must be a list of words' }).trim().min(1).max(40)),
  z
    .string({ error: 'must be a list of words' })
    .transform((s) => s.split(/[;|,]/).map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(40))),
], { error: 'must be a list (array, or words separated by ;)' });

const flag = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((s) => ['true', 'false', 'yes', 'no', '1', '0', 'y', 'n'].includes(s), 'must be true or false')
    .transform((s) => ['true', 'yes', '1', 'y'].includes(s)),
], { error: 'must be true or false' });

const wholeNumber = z.union([
  z.number({ error: 'must be a whole number' }),
  z.string().trim().regex(/^\d+$/, 'must be a whole number').transform(Number),
], { error: 'must be a whole number' });

export const rosterRowSchema = z.object({
  employeeId: z.union([z.string(), z.number().int()], { error: 'is required' }).transform((v) => String(v).trim()).pipe(z.string().min(1, 'is required').max(64)),
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(120),
  nameZh: z.string().trim().max(120).optional(),
  email: z.string({ error: 'is required' }).trim().toLowerCase().pipe(z.email('must be an email address').max(254)),
  languages: list.default([]),
  skills: list.default([]),
  active: flag,
  capacity: wholeNumber.pipe(z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000, 'is too large')),
});

export type RosterRow = z.infer<typeof rosterRowSchema>;

/** The employee id of a raw row, as well as it can be read, to name a bad row in the report. */
export const employeeIdOf = (raw: unknown, index: number): string => {
  const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>).employeeId : undefined;
  return (typeof v === 'string' && v.trim()) || typeof v === 'number' ? String(v).trim() : `(row ${index + 1}, no employee id)`;
};
