import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageOf, pageQuerySchema } from './pagination.ts';

describe('cursor pages', () => {
  it('a cursor round-trips its (createdAt, id) and anything else is a 400 on `cursor`', () => {
    const p = { createdAt: new Date('2026-12-07T10:00:00.123Z'), id: 'ck123' };
    expect(decodeCursor(encodeCursor(p))).toEqual(p);
    for (const bad of ['', 'x', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["nope","a"]').toString('base64url'), Buffer.from('{}').toString('base64url')]) {
      expect(() => decodeCursor(bad), bad).toThrow(expect.objectContaining({ code: 'invalid_input', field: 'cursor' }));
    }
  });

  it('limit is 1–100, 50 when absent; the next cursor names the last row given, null on the last page', () => {
    expect(pageQuerySchema.parse({}).limit).toBe(50);
    for (const bad of ['0', '101', '2.5', 'ten']) expect(pageQuerySchema.safeParse({ limit: bad }).success, bad).toBe(false);
    const rows = [1, 2, 3].map((n) => ({ createdAt: new Date(n * 1000), id: `r${n}` }));
    const first = pageOf(rows, 2);
    expect(first.rows.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(decodeCursor(first.nextCursor!)).toEqual(rows[1]);
    expect(pageOf(rows.slice(2), 2).nextCursor).toBeNull();
  });
});
