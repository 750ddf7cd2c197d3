import { describe, expect, it } from 'vitest';
import { buildInbox, newestCustomerWords, step } from './inbox.ts';
import type { ConsoleRequest, Message } from './types.ts';

const req = (id: string, status: ConsoleRequest['status'], createdAt: string, messages: Partial<Message>[] = []): ConsoleRequest => ({
  id,
  message: `first ${id}`,
  createdAt,
  status,
  customer: { id: `c-${id}`, name: `Customer ${id}` },
  cover: false,
  boundAgent: null,
  locale: 'en',
  attachments: [],
  messages: messages.map((m, i) => ({ id: `${id}-m${i}`, requestId: id, author: 'customer', body: `m${i}`, createdAt, agent: null, attachments: [], ...m }) as Message),
});

describe('inbox groups', () => {
  it('puts each conversation where the agent expects it, in the order that matters', () => {
    const inbox = buildInbox(
      [
        req('new-late', 'pending', '2026-11-30T10:05:00Z'),
        req('new-early', 'delivered', '2026-11-30T10:00:00Z'),
        req('asked', 'acknowledged', '2026-11-30T09:00:00Z', [{ author: 'agent', createdAt: '2026-11-30T09:01:00Z' }, { author: 'customer', body: 'and?', createdAt: '2026-11-30T09:02:00Z' }]),
        req('answered', 'acknowledged', '2026-11-30T08:00:00Z', [{ author: 'agent', body: 'done', createdAt: '2026-11-30T08:05:00Z' }]),
        req('acked-silent', 'acknowledged', '2026-11-30T07:00:00Z'),
        req('closed', 'resolved', '2026-11-30T06:00:00Z', [{ author: 'customer' }]),
      ],
      {},
    );
    const keys = Object.fromEntries(inbox.groups.map((g) => [g.key, g.items.map((i) => i.request.id)]));
    expect(keys).toEqual({ needsMe: ['new-early', 'new-late'], open: ['acked-silent', 'asked'], waiting: ['answered'], resolvedToday: ['closed'] });
    expect(inbox.flat.map((i) => i.request.id)).toEqual(['new-early', 'new-late', 'acked-silent', 'asked', 'answered', 'closed']);
    const asked = inbox.flat.find((i) => i.request.id === 'asked')!;
    expect(asked).toMatchObject({ lastBody: 'and?', lastAuthor: 'customer', unread: 2 });
    expect(inbox.flat.find((i) => i.request.id === 'closed')!.unread).toBe(0);
  });

  it('counts the customer words written after the read mark (the request itself counts as the first)', () => {
    const r = req('a', 'acknowledged', '2026-11-30T09:00:00Z', [
      { author: 'customer', createdAt: '2026-11-30T09:01:00Z' },
      { author: 'agent', createdAt: '2026-11-30T09:02:00Z' },
      { author: 'customer', createdAt: '2026-11-30T09:03:00Z' },
    ]);
    expect(buildInbox([r], {}).flat[0]!.unread).toBe(3);
    expect(buildInbox([r], { a: '2026-11-30T09:00:00Z' }).flat[0]!.unread).toBe(2);
    expect(buildInbox([r], { a: '2026-11-30T09:01:00Z' }).flat[0]!.unread).toBe(1);
    // The agent's own reply after the mark is not unread.
    expect(buildInbox([r], { a: '2026-11-30T09:02:30Z' }).flat[0]!.unread).toBe(1);
    expect(buildInbox([r], { a: newestCustomerWords(r) }).flat[0]!.unread).toBe(0);
    expect(newestCustomerWords(r)).toBe('2026-11-30T09:03:00Z');
  });

  it('a last message of files only says how many files it had', () => {
    const picture = { id: 'u1', kind: 'image' as const, name: 'a.jpg', bytes: 10, url: '/api/uploads/u1' };
    const r = { ...req('a', 'acknowledged', '2026-11-30T09:00:00Z', [{ body: '', attachments: [picture, { ...picture, id: 'u2' }] }]), attachments: [picture] };
    expect(buildInbox([r], {}).flat[0]).toMatchObject({ lastBody: '', lastFiles: 2 });
    expect(buildInbox([{ ...r, messages: [] }], {}).flat[0]).toMatchObject({ lastBody: 'first a', lastFiles: 1 });
  });

  it('j/k steps through the list and stops at the ends', () => {
    const flat = [{ request: { id: 'a' } }, { request: { id: 'b' } }];
    expect(step(flat, null, 1)).toBe('a');
    expect(step(flat, null, -1)).toBe('b');
    expect(step(flat, 'a', 1)).toBe('b');
    expect(step(flat, 'b', 1)).toBe('b');
    expect(step(flat, 'a', -1)).toBe('a');
    expect(step([], 'a', 1)).toBeNull();
  });
});
