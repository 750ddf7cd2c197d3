import type { ConsoleRequest } from './types.ts';

/**
 * The console's left list, as the best helpdesks group it: what needs me first (new, not yet
 * acknowledged, longest waiting first), then conversations where the customer spoke last (open),
 * then those where I spoke last (waiting for the customer), then what I resolved today.
 * Pure: the store's requests and how far I have read each (a time, kept by the server), groups and
 * unread counts out.
 */

export const GROUPS = ['needsMe', 'open', 'waiting', 'resolvedToday'] as const;
export type GroupKey = (typeof GROUPS)[number];

export type InboxItem = {
  request: ConsoleRequest;
  group: GroupKey;
  /** the customer's words I have not opened yet (their first message counts) */
  unread: number;
  /** the last line said, by whom, and when: what the list shows */
  lastBody: string;
  /** files sent with that last line (its words may be empty when it has some) */
  lastFiles: number;
  lastAuthor: 'customer' | 'agent';
  lastAt: string;
};

export type Inbox = { groups: { key: GroupKey; items: InboxItem[] }[]; flat: InboxItem[] };

/** When each of the customer's messages was written, the request's first message included. */
const customerTimes = (r: ConsoleRequest): string[] => [r.createdAt, ...(r.messages ?? []).filter((m) => m.author === 'customer').map((m) => m.createdAt)];

/** The newest customer words in a conversation: what opening it marks as read. */
export const newestCustomerWords = (r: ConsoleRequest): string => customerTimes(r).reduce((a, b) => (b > a ? b : a));

/** The customer's words written after `readUpTo` (all of them when nothing was read). */
export const unreadWords = (r: ConsoleRequest, readUpTo: string | undefined): number =>
  customerTimes(r).filter((t) => !readUpTo || t > readUpTo).length;

export const groupOf = (r: ConsoleRequest, lastAuthor: 'customer' | 'agent'): GroupKey => {
  if (r.status === 'resolved') return 'resolvedToday';
  if (r.status === 'pending' || r.status === 'delivered') return 'needsMe';
  return lastAuthor === 'agent' ? 'waiting' : 'open';
};

export const buildInbox = (requests: ConsoleRequest[], read: Record<string, string>): Inbox => {
  const items: InboxItem[] = requests.map((r) => {
    const last = r.messages?.at(-1);
    const lastAuthor = last?.author ?? 'customer';
    return {
      request: r,
      group: groupOf(r, lastAuthor),
      unread: r.status === 'resolved' ? 0 : unreadWords(r, read[r.id]),
      lastBody: last?.body ?? r.message,
      lastFiles: (last ?? r).attachments.length,
      lastAuthor,
      lastAt: last?.createdAt ?? r.createdAt,
    };
  });
  const byKey = (key: GroupKey) => {
    const list = items.filter((i) => i.group === key);
    // Who has waited longest comes first where someone waits for me; the most recent first elsewhere.
    const oldestFirst = key === 'needsMe' || key === 'open';
    return list.sort((a, b) => (oldestFirst ? a.lastAt.localeCompare(b.lastAt) : b.lastAt.localeCompare(a.lastAt)));
  };
  const groups = GROUPS.map((key) => ({ key, items: byKey(key) }));
  return { groups, flat: groups.flatMap((g) => g.items) };
};

/** j/k: the next or previous conversation in list order, staying at the ends. */
export const step = (flat: { request: { id: string } }[], current: string | null, delta: 1 | -1): string | null => {
  if (!flat.length) return null;
  const at = current ? flat.findIndex((i) => i.request.id === current) : -1;
  if (at === -1) return flat[delta === 1 ? 0 : flat.length - 1]!.request.id;
  return flat[Math.min(flat.length - 1, Math.max(0, at + delta))]!.request.id;
};

/** Local midnight today, as the server's `resolvedSince`. */
export const startOfToday = (now = new Date()): string => new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
