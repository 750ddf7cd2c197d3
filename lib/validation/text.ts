import { z } from 'zod';

/**
 * Text from outside (HTTP bodies, socket payloads) is normalised to NFC — so "é" typed two ways is one
 * string — and refused when it carries control characters: a NUL used to vanish from a stored message,
 * and invisible characters are how a name hides something. A message may keep line breaks and tabs.
 */
// C0 controls, DEL and C1 controls; \t \n \r are allowed separately for multi-line text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;

export const hasControlCharacters = (s: string, opts: { multiline?: boolean } = {}): boolean =>
  CONTROL.test(s) || (!opts.multiline && LINE_BREAK.test(s));

/** A string schema that normalises to NFC and rejects control characters; chain min/max after it. */
export const text = (opts: { multiline?: boolean; trim?: boolean } = {}) =>
  z
    .string({ error: 'is required' })
    .transform((s) => s.normalize('NFC'))
    .pipe(
      z
        .string()
        .refine((s) => !hasControlCharacters(s, opts), opts.multiline ? 'must not contain control characters' : 'must not contain control characters or line breaks')
        .transform((s) => (opts.trim === false ? s : s.trim())),
    );

/** Free text a person types (notes, comments): NFC, trimmed, line breaks allowed, no other control characters. */
export const freeText = (max: number) => text({ multiline: true }).pipe(z.string().max(max, `is too long (${max} characters at most)`));

/** Ids in paths and payloads: what our databases generate (cuid) and tests create, nothing else. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const idSchema = z.string({ error: 'is required' }).regex(ID_PATTERN, 'is not a valid id');
