import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { idSchema, text } from './text.ts';

const name = text().pipe(z.string().min(1, 'is required').max(10));
const message = text({ multiline: true }).pipe(z.string().min(1, 'is required'));

describe('text from outside', () => {
  it('normalises to NFC, so one name typed two ways is one string', () => {
    expect(name.parse('Jose\u0301')).toBe('José');
    expect(name.parse('José')).toBe('José');
  });

  it.each([['\u0000hidden'], ['a\u0007b'], ['a\u001bb'], ['\u007f'], ['a\u0085b'], ['a\nb']])('rejects control characters in one-line text: %j', (v) => {
    const r = name.safeParse(v);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/control characters/);
  });

  it('keeps line breaks and tabs in a message, but never a NUL', () => {
    expect(message.parse('line 1\nline 2\tend')).toBe('line 1\nline 2\tend');
    expect(message.safeParse('\u0000hidden').success).toBe(false);
    expect(message.safeParse('ok\u0000').success).toBe(false);
  });

  it('trims after the check, so "  " is empty and fails min(1)', () => {
    expect(message.safeParse('   ').success).toBe(false);
  });

  it('ids are short and plain', () => {
    expect(idSchema.safeParse('cmabc123xyz').success).toBe(true);
    for (const bad of ['', '%ZZ', '../x', 'a'.repeat(65), 'a b', 'é', "1' OR 1=1"]) expect(idSchema.safeParse(bad).success).toBe(false);
  });
});
